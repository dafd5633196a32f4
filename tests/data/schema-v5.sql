PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
INSERT INTO meta VALUES('created_at','2025-03-14T08:30:00.000+07:00');
INSERT INTO meta VALUES('device_id','0195920e-8b80-7000-8000-00000000d001');
INSERT INTO meta VALUES('site_code','HN-OLD-01');
INSERT INTO meta VALUES('site_id','6c16de97-6805-5c61-b7a4-663ef6ce7c5a');
INSERT INTO meta VALUES('site_name','Trạm Y tế cũ');
INSERT INTO meta VALUES('team_id','');
CREATE TABLE site (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        parent_id TEXT REFERENCES site(id),
        province_code TEXT,
        address TEXT,
        active INTEGER NOT NULL DEFAULT 1,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL,
        field_hlc TEXT NOT NULL DEFAULT '{}'
    );
INSERT INTO site VALUES('6c16de97-6805-5c61-b7a4-663ef6ce7c5a','HN-OLD-01','Trạm Y tế cũ','site',NULL,'01',NULL,1,NULL,NULL,NULL,'2025-03-14T08:30:00.000+07:00','01959245c1c0.0000.00000000d001','{}');
CREATE TABLE device (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        enrolled_at TEXT,
        revoked_at TEXT,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL,
        field_hlc TEXT NOT NULL DEFAULT '{}'
    );
CREATE TABLE app_user (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        full_name TEXT NOT NULL,
        role TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL,
        field_hlc TEXT NOT NULL DEFAULT '{}'
    );
INSERT INTO app_user VALUES('01959245-c1c0-72a6-9dff-065076f2889b','nurse','Đinh Thị Nga','nurse','pbkdf2-sha256$1000$lUgnGkmQap/E9ucnxGT1XA==$KGmmbVub60LTxpfDIghL0Es4lWXbNXhF0kVlVnvfAlg=',1,'6c16de97-6805-5c61-b7a4-663ef6ce7c5a',NULL,NULL,'2025-03-14T08:30:00.000+07:00','01959245c1c0.000a.00000000d001','{}');
CREATE TABLE person (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        full_name TEXT NOT NULL,
        name_folded TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        sex TEXT NOT NULL CHECK (sex IN ('M', 'F')),
        cccd TEXT,
        cmnd TEXT,
        passport TEXT,
        phone TEXT,
        address TEXT,
        province_code TEXT,
        district_code TEXT,
        ward_code TEXT,
        priority_group INTEGER,
        occupation TEXT,
        ethnicity TEXT,
        nationality TEXT,
        insurance_no TEXT,
        note TEXT,
        merged_into TEXT,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL,
        field_hlc TEXT NOT NULL DEFAULT '{}'
    );
INSERT INTO person VALUES(1,'01959245-c1c0-72a8-b7f6-f31f720ef28f','Nguyễn Văn Đức','nguyen van duc','1985-03-12','M','001085001234',NULL,NULL,NULL,NULL,'01',NULL,NULL,NULL,NULL,NULL,'VN',NULL,NULL,NULL,'6c16de97-6805-5c61-b7a4-663ef6ce7c5a',NULL,'01959245-c1c0-72a6-9dff-065076f2889b','2025-03-14T08:30:00.000+07:00','01959245c1c0.000b.00000000d001','{}');
INSERT INTO person VALUES(2,'01959245-c1c0-72aa-a772-7b48903ae60e','Trần Thị Đào','tran thi dao','1992-07-01','F','001192004567',NULL,NULL,NULL,NULL,'01',NULL,NULL,NULL,NULL,NULL,'VN',NULL,NULL,NULL,'6c16de97-6805-5c61-b7a4-663ef6ce7c5a',NULL,'01959245-c1c0-72a6-9dff-065076f2889b','2025-03-14T08:30:00.000+07:00','01959246ac20.0000.00000000d001','{}');
INSERT INTO person VALUES(3,'01959245-c1c0-72ac-8fee-eeaf1c832801','Lê Minh Tuấn','le minh tuan','1970-01-30','M','048070001122',NULL,NULL,NULL,NULL,'01',NULL,NULL,NULL,NULL,NULL,'VN',NULL,NULL,NULL,'6c16de97-6805-5c61-b7a4-663ef6ce7c5a',NULL,'01959245-c1c0-72a6-9dff-065076f2889b','2025-03-14T08:30:00.000+07:00','019592479680.0000.00000000d001','{}');
CREATE TABLE vaccine_product (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        manufacturer TEXT,
        mp TEXT,
        ma TEXT,
        vp TEXT,
        vaccine_type TEXT,
        doses_per_vial INTEGER NOT NULL CHECK (doses_per_vial >= 1),
        dose_volume_ml REAL,
        open_vial_hours INTEGER,
        storage_min_c REAL,
        storage_max_c REAL,
        primary_doses INTEGER NOT NULL,
        schedule TEXT,
        gtins TEXT,
        unconfirmed TEXT,
        notes TEXT,
        active INTEGER NOT NULL DEFAULT 1,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL,
        field_hlc TEXT NOT NULL DEFAULT '{}'
    );
INSERT INTO vaccine_product VALUES('4a2dac87-f83c-5108-9f5b-e20d7e1006d5','VAXZEVRIA','Vaxzevria','AstraZeneca AB','EU/1/21/1529','ORG-100001699','29061000087103','viral_vector',10,0.5,6,2.0,8.0,2,'{"intervals":[{"dose":2,"max_days":84,"min_days":56}],"presentations":[{"doses_per_vial":10,"label":"10-dose vial (6 mL)","volume_ml":6},{"doses_per_vial":8,"label":"8-dose vial (5 mL)","volume_ml":5}]}','[]',NULL,'Dose 2 8-12 weeks after dose 1. Opened vial: discard 6 h after opening or at the end of the session, whichever comes first.',1,NULL,NULL,NULL,'2025-03-14T08:30:00.000+07:00','01959245c1c0.0001.00000000d001','{}');
INSERT INTO vaccine_product VALUES('7d0d4ef6-79a9-5ec5-8f71-bcd090d03d0c','COVISHIELD','Covishield','Serum Institute of India','Covishield','ORG-100001981','29061000087103','viral_vector',10,0.5,6,2.0,8.0,2,'{"intervals":[{"dose":2,"max_days":84,"min_days":56}],"presentations":[{"doses_per_vial":10,"label":"10-dose vial","volume_ml":5},{"doses_per_vial":2,"label":"2-dose vial","volume_ml":1}]}','[]','["dose_volume_ml","schedule.presentations"]','Schedule as Vaxzevria. Vial volumes, the 0.5 mL dose and which vial size is the usual one are not confirmed.',1,NULL,NULL,NULL,'2025-03-14T08:30:00.000+07:00','01959245c1c0.0002.00000000d001','{}');
INSERT INTO vaccine_product VALUES('9c7b933a-0118-5d17-9561-b3abc7f65c86','COMIRNATY','Comirnaty','Pfizer-BioNTech','EU/1/20/1528','ORG-100030215','1119349007','mrna',6,0.29999999999999998889,6,-90.0,-60.0,2,'{"intervals":[{"dose":2,"max_days":0,"min_days":21}],"presentations":[{"doses_per_vial":6,"label":"purple cap, dilute with 1.8 mL","volume_ml":2.25},{"doses_per_vial":6,"label":"grey cap, do not dilute","volume_ml":2.25}]}','[]','["schedule.presentations.volume_ml"]','Stored frozen at -90 to -60 °C; after thawing 1 month at 2-8 °C (grey cap 10 weeks). Opened or diluted vial: discard after 6 h. The 2.25 mL vial volume is not confirmed.',1,NULL,NULL,NULL,'2025-03-14T08:30:00.000+07:00','01959245c1c0.0003.00000000d001','{}');
INSERT INTO vaccine_product VALUES('1c12d040-9ca1-5c08-9b1e-fdc53c670432','SPIKEVAX','Spikevax','Moderna','EU/1/20/1507','ORG-100031184','1119349007','mrna',10,0.5,6,-25.0,-15.0,2,'{"intervals":[{"dose":2,"max_days":0,"min_days":28}],"presentations":[{"doses_per_vial":10,"label":"10-dose vial","volume_ml":5}]}','[]','["schedule.presentations.volume_ml"]','Stored at -20 ± 5 °C; 30 days at 2-8 °C. Opened vial: discard after 6 h (WHO). Dose 2 with the same product. The 5 mL vial volume is not confirmed.',1,NULL,NULL,NULL,'2025-03-14T08:30:00.000+07:00','01959245c1c0.0004.00000000d001','{}');
INSERT INTO vaccine_product VALUES('bfc6b8cf-8583-57a2-8739-9e7d065bd9f8','JCOVDEN','Jcovden (COVID-19 Vaccine Janssen)','Janssen','EU/1/20/1525','ORG-100001417','29061000087103','viral_vector',5,0.5,6,-25.0,-15.0,1,'{"intervals":[],"presentations":[{"doses_per_vial":5,"label":"5-dose vial","volume_ml":2.5}]}','[]','["schedule.presentations.volume_ml"]','One-dose primary series. Stored at -25 to -15 °C; months at 2-8 °C. Opened vial: 6 h at 2-8 °C, but only 2 h at room temperature. The 2.5 mL vial volume is not confirmed.',1,NULL,NULL,NULL,'2025-03-14T08:30:00.000+07:00','01959245c1c0.0005.00000000d001','{}');
INSERT INTO vaccine_product VALUES('709d4442-fd99-5cd6-a611-a82e0d5e03df','VEROCELL','Vero Cell (BBIBP-CorV)','Sinopharm','BBIBP-CorV','ORG-100020693','1157024006','inactivated',1,0.5,6,2.0,8.0,2,'{"intervals":[{"dose":2,"max_days":28,"min_days":21}],"presentations":[{"doses_per_vial":1,"label":"single-dose vial","volume_ml":0.5},{"doses_per_vial":2,"label":"2-dose vial","volume_ml":1}]}','[]','["open_vial_hours","schedule.presentations.volume_ml"]','VVM7 on the label. Dose 2 with the same product. A single-dose vial is used at once; the 6 h for an opened 2-dose vial is the WHO multi-dose rule, not confirmed for this product. The 2-dose vial volume is not confirmed.',1,NULL,NULL,NULL,'2025-03-14T08:30:00.000+07:00','01959245c1c0.0006.00000000d001','{}');
INSERT INTO vaccine_product VALUES('c0f6d1e2-89cc-5d34-8406-913e9fd0d930','HAYATVAX','Hayat-Vax','Julphar / G42 (United Arab Emirates)','Hayat-Vax','ORG-100023050','1157024006','inactivated',1,0.5,6,2.0,8.0,2,'{"intervals":[{"dose":2,"max_days":28,"min_days":21}],"presentations":[{"doses_per_vial":1,"label":"single-dose vial","volume_ml":0.5},{"doses_per_vial":2,"label":"2-dose vial","volume_ml":1}]}','[]','["manufacturer","dose_volume_ml","open_vial_hours","storage_min_c","storage_max_c","schedule.presentations.volume_ml"]','Schedule as Vero Cell. Storage and opened-vial time are not confirmed: 2-8 °C and the WHO 6 h multi-dose rule are used until they are. Manufacturer name not confirmed.',1,NULL,NULL,NULL,'2025-03-14T08:30:00.000+07:00','01959245c1c0.0007.00000000d001','{}');
INSERT INTO vaccine_product VALUES('62a637f6-70f2-5b15-bd48-8bd7d295cd74','SPUTNIKV','Sputnik V','Gamaleya Research Institute','Sputnik-V','Gamaleya-Research-Institute','29061000087103','viral_vector',1,0.5,2,-90.0,-18.0,2,'{"components":"Dose 1: component I (rAd26); dose 2: component II (rAd5). The two doses are different products.","intervals":[{"dose":2,"max_days":0,"min_days":21}],"presentations":[{"doses_per_vial":1,"label":"single-dose vial","volume_ml":0.5},{"doses_per_vial":5,"label":"5-dose vial","volume_ml":3}]}','[]','["dose_volume_ml","open_vial_hours","storage_min_c","schedule.presentations"]','Stored frozen at -18 °C or colder (the source gives no lower limit; -90 °C stands for none). Thawed leftovers are discarded; the time is not confirmed, so the shorter 2 h is used until it is. Vial sizes and dose volume are not confirmed.',1,NULL,NULL,NULL,'2025-03-14T08:30:00.000+07:00','01959245c1c0.0008.00000000d001','{}');
INSERT INTO vaccine_product VALUES('0560ecf8-fc0c-57a3-b543-fabbd729e1fd','ABDALA','Abdala','CIGB (Center for Genetic Engineering and Biotechnology, Cuba)','Abdala','CIGB','28531000087107','protein_subunit',10,0.5,6,2.0,8.0,3,'{"intervals":[{"dose":2,"max_days":0,"min_days":14},{"dose":3,"max_days":0,"min_days":14}],"presentations":[{"doses_per_vial":10,"label":"10-dose vial","volume_ml":5}]}','[]','["vaccine_type","dose_volume_ml","open_vial_hours","schedule.presentations.volume_ml"]','Three doses on days 0, 14 and 28. The opened-vial time is not confirmed: the WHO 6 h multi-dose rule is used until it is.',1,NULL,NULL,NULL,'2025-03-14T08:30:00.000+07:00','01959245c1c0.0009.00000000d001','{}');
CREATE TABLE lot (
        id TEXT PRIMARY KEY,
        product_id TEXT NOT NULL REFERENCES vaccine_product(id),
        lot_number TEXT NOT NULL,
        expiry_date TEXT NOT NULL,
        gtin TEXT,
        vvm_stage INTEGER,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL,
        field_hlc TEXT NOT NULL DEFAULT '{}',
        UNIQUE (product_id, lot_number)
    );
INSERT INTO lot VALUES('7fa92261-98ea-5c2d-a138-1168ad7c66ab','4a2dac87-f83c-5108-9f5b-e20d7e1006d5','ABV5811','2025-12-31',NULL,NULL,'6c16de97-6805-5c61-b7a4-663ef6ce7c5a',NULL,'01959245-c1c0-72a6-9dff-065076f2889b','2025-03-14T08:30:00.000+07:00','0195924880e0.0000.00000000d001','{}');
CREATE TABLE stock_movement (
        id TEXT PRIMARY KEY,
        holder_id TEXT NOT NULL REFERENCES site(id),
        lot_id TEXT NOT NULL REFERENCES lot(id),
        kind TEXT NOT NULL,
        doses INTEGER NOT NULL,
        counterpart_id TEXT,
        reason TEXT,
        ref_id TEXT,
        reverses_id TEXT REFERENCES stock_movement(id),
        occurred_at TEXT NOT NULL,
        note TEXT,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL
    , vial_id TEXT);
INSERT INTO stock_movement VALUES('01959245-c1c0-72b0-b90f-b39ee9bd6e99','6c16de97-6805-5c61-b7a4-663ef6ce7c5a','7fa92261-98ea-5c2d-a138-1168ad7c66ab','receipt',100,NULL,NULL,NULL,NULL,'2025-03-14T08:33:00.000+07:00',NULL,'6c16de97-6805-5c61-b7a4-663ef6ce7c5a',NULL,'01959245-c1c0-72a6-9dff-065076f2889b','2025-03-14T08:30:00.000+07:00','0195924880e0.0001.00000000d001',NULL);
INSERT INTO stock_movement VALUES('01959256-3c80-70ca-a92d-34eacbb55879','6c16de97-6805-5c61-b7a4-663ef6ce7c5a','7fa92261-98ea-5c2d-a138-1168ad7c66ab','dose_given',-1,NULL,NULL,'01959256-3c80-70c9-902c-c468724ef4ee',NULL,'2025-03-14T08:48:00.000+07:00',NULL,'6c16de97-6805-5c61-b7a4-663ef6ce7c5a',NULL,'01959245-c1c0-72a6-9dff-065076f2889b','2025-03-14T08:30:00.000+07:00','019592563c80.0000.00000000d001',NULL);
CREATE TABLE stock_balance (
        holder_id TEXT NOT NULL,
        lot_id TEXT NOT NULL,
        doses INTEGER NOT NULL,
        PRIMARY KEY (holder_id, lot_id)
    ) WITHOUT ROWID;
INSERT INTO stock_balance VALUES('6c16de97-6805-5c61-b7a4-663ef6ce7c5a','7fa92261-98ea-5c2d-a138-1168ad7c66ab',99);
CREATE TABLE change_log (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        entity TEXT NOT NULL,
        record_id TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('insert', 'update')),
        payload TEXT NOT NULL,
        hlc TEXT NOT NULL,
        user_id TEXT,
        created_at TEXT NOT NULL,
        server_seq INTEGER,
        acked_at TEXT
    , base TEXT);
INSERT INTO change_log VALUES(1,'01959245-c1c0-72a7-a5f5-797a3db38fd9','app_user','01959245-c1c0-72a6-9dff-065076f2889b','insert','{"active":true,"created_at":"2025-03-14T08:30:00.000+07:00","full_name":"Đinh Thị Nga","hlc":"01959245c1c0.000a.00000000d001","id":"01959245-c1c0-72a6-9dff-065076f2889b","password_hash":"pbkdf2-sha256$1000$lUgnGkmQap/E9ucnxGT1XA==$KGmmbVub60LTxpfDIghL0Es4lWXbNXhF0kVlVnvfAlg=","role":"nurse","site_id":"6c16de97-6805-5c61-b7a4-663ef6ce7c5a","username":"nurse"}','01959245c1c0.000a.00000000d001',NULL,'2025-03-14T08:30:00.000+07:00',NULL,NULL,NULL);
INSERT INTO change_log VALUES(2,'01959245-c1c0-72a9-9637-959c099ff8b2','person','01959245-c1c0-72a8-b7f6-f31f720ef28f','insert','{"birth_date":"1985-03-12","cccd":"001085001234","created_at":"2025-03-14T08:30:00.000+07:00","created_by":"01959245-c1c0-72a6-9dff-065076f2889b","full_name":"Nguyễn Văn Đức","hlc":"01959245c1c0.000b.00000000d001","id":"01959245-c1c0-72a8-b7f6-f31f720ef28f","name_folded":"nguyen van duc","nationality":"VN","province_code":"01","sex":"M","site_id":"6c16de97-6805-5c61-b7a4-663ef6ce7c5a"}','01959245c1c0.000b.00000000d001','01959245-c1c0-72a6-9dff-065076f2889b','2025-03-14T08:30:00.000+07:00',NULL,NULL,NULL);
INSERT INTO change_log VALUES(3,'01959245-c1c0-72ab-8f40-13294dc53ac3','person','01959245-c1c0-72aa-a772-7b48903ae60e','insert','{"birth_date":"1992-07-01","cccd":"001192004567","created_at":"2025-03-14T08:30:00.000+07:00","created_by":"01959245-c1c0-72a6-9dff-065076f2889b","full_name":"Trần Thị Đào","hlc":"01959246ac20.0000.00000000d001","id":"01959245-c1c0-72aa-a772-7b48903ae60e","name_folded":"tran thi dao","nationality":"VN","province_code":"01","sex":"F","site_id":"6c16de97-6805-5c61-b7a4-663ef6ce7c5a"}','01959246ac20.0000.00000000d001','01959245-c1c0-72a6-9dff-065076f2889b','2025-03-14T08:30:00.000+07:00',NULL,NULL,NULL);
INSERT INTO change_log VALUES(4,'01959245-c1c0-72ad-83c8-2c572c0303ff','person','01959245-c1c0-72ac-8fee-eeaf1c832801','insert','{"birth_date":"1970-01-30","cccd":"048070001122","created_at":"2025-03-14T08:30:00.000+07:00","created_by":"01959245-c1c0-72a6-9dff-065076f2889b","full_name":"Lê Minh Tuấn","hlc":"019592479680.0000.00000000d001","id":"01959245-c1c0-72ac-8fee-eeaf1c832801","name_folded":"le minh tuan","nationality":"VN","province_code":"01","sex":"M","site_id":"6c16de97-6805-5c61-b7a4-663ef6ce7c5a"}','019592479680.0000.00000000d001','01959245-c1c0-72a6-9dff-065076f2889b','2025-03-14T08:30:00.000+07:00',NULL,NULL,NULL);
INSERT INTO change_log VALUES(5,'01959245-c1c0-72af-8956-4665009d040e','lot','7fa92261-98ea-5c2d-a138-1168ad7c66ab','insert','{"created_at":"2025-03-14T08:30:00.000+07:00","created_by":"01959245-c1c0-72a6-9dff-065076f2889b","expiry_date":"2025-12-31","hlc":"0195924880e0.0000.00000000d001","id":"7fa92261-98ea-5c2d-a138-1168ad7c66ab","lot_number":"ABV5811","product_id":"4a2dac87-f83c-5108-9f5b-e20d7e1006d5","site_id":"6c16de97-6805-5c61-b7a4-663ef6ce7c5a"}','0195924880e0.0000.00000000d001','01959245-c1c0-72a6-9dff-065076f2889b','2025-03-14T08:30:00.000+07:00',NULL,NULL,NULL);
INSERT INTO change_log VALUES(6,'01959245-c1c0-72b1-a189-cec49bfee42e','stock_movement','01959245-c1c0-72b0-b90f-b39ee9bd6e99','insert','{"created_at":"2025-03-14T08:30:00.000+07:00","created_by":"01959245-c1c0-72a6-9dff-065076f2889b","doses":100,"hlc":"0195924880e0.0001.00000000d001","holder_id":"6c16de97-6805-5c61-b7a4-663ef6ce7c5a","id":"01959245-c1c0-72b0-b90f-b39ee9bd6e99","kind":"receipt","lot_id":"7fa92261-98ea-5c2d-a138-1168ad7c66ab","occurred_at":"2025-03-14T08:33:00.000+07:00","site_id":"6c16de97-6805-5c61-b7a4-663ef6ce7c5a"}','0195924880e0.0001.00000000d001','01959245-c1c0-72a6-9dff-065076f2889b','2025-03-14T08:30:00.000+07:00',NULL,NULL,NULL);
INSERT INTO change_log VALUES(7,'01959245-c1c0-72b3-9798-a3d5c2a0c1cd','visit','01959245-c1c0-72b2-b67a-36f0a2926a36','insert','{"arrived_at":"2025-03-14T08:43:00.000+07:00","created_at":"2025-03-14T08:30:00.000+07:00","created_by":"01959245-c1c0-72a6-9dff-065076f2889b","day":"2025-03-14","hlc":"01959251a8a0.0000.00000000d001","id":"01959245-c1c0-72b2-b67a-36f0a2926a36","person_id":"01959245-c1c0-72a8-b7f6-f31f720ef28f","site_id":"6c16de97-6805-5c61-b7a4-663ef6ce7c5a"}','01959251a8a0.0000.00000000d001','01959245-c1c0-72a6-9dff-065076f2889b','2025-03-14T08:30:00.000+07:00',NULL,NULL,NULL);
INSERT INTO change_log VALUES(8,'01959245-c1c0-72b5-82d8-755cf4aadbee','screening','01959245-c1c0-72b4-8ce2-aec33bafc3f9','insert','{"answers":{"answers":{"acute_illness":"no"},"temperature_c":36.5},"conclusion":"eligible","created_at":"2025-03-14T08:30:00.000+07:00","created_by":"01959245-c1c0-72a6-9dff-065076f2889b","form_code":"3802/QĐ-BYT","form_version":1,"hlc":"01959251a8a0.0001.00000000d001","id":"01959245-c1c0-72b4-8ce2-aec33bafc3f9","person_id":"01959245-c1c0-72a8-b7f6-f31f720ef28f","screened_at":"2025-03-14T08:43:00.000+07:00","site_id":"6c16de97-6805-5c61-b7a4-663ef6ce7c5a","visit_id":"01959245-c1c0-72b2-b67a-36f0a2926a36"}','01959251a8a0.0001.00000000d001','01959245-c1c0-72a6-9dff-065076f2889b','2025-03-14T08:30:00.000+07:00',NULL,NULL,NULL);
INSERT INTO change_log VALUES(9,'01959256-3c80-70cb-bed6-e950dde08625','stock_movement','01959256-3c80-70ca-a92d-34eacbb55879','insert','{"created_at":"2025-03-14T08:30:00.000+07:00","created_by":"01959245-c1c0-72a6-9dff-065076f2889b","doses":-1,"hlc":"019592563c80.0000.00000000d001","holder_id":"6c16de97-6805-5c61-b7a4-663ef6ce7c5a","id":"01959256-3c80-70ca-a92d-34eacbb55879","kind":"dose_given","lot_id":"7fa92261-98ea-5c2d-a138-1168ad7c66ab","occurred_at":"2025-03-14T08:48:00.000+07:00","ref_id":"01959256-3c80-70c9-902c-c468724ef4ee","site_id":"6c16de97-6805-5c61-b7a4-663ef6ce7c5a"}','019592563c80.0000.00000000d001','01959245-c1c0-72a6-9dff-065076f2889b','2025-03-14T08:30:00.000+07:00',NULL,NULL,NULL);
INSERT INTO change_log VALUES(10,'01959256-3c80-70cd-95f9-8bd2be729e22','injection','01959256-3c80-70c9-902c-c468724ef4ee','insert','{"body_site":"left_arm","created_at":"2025-03-14T08:30:00.000+07:00","created_by":"01959245-c1c0-72a6-9dff-065076f2889b","dose_number":1,"hlc":"019592563c80.0001.00000000d001","id":"01959256-3c80-70c9-902c-c468724ef4ee","injected_at":"2025-03-14T08:48:00.000+07:00","injected_by":"01959245-c1c0-72a6-9dff-065076f2889b","lot_id":"7fa92261-98ea-5c2d-a138-1168ad7c66ab","movement_id":"01959256-3c80-70ca-a92d-34eacbb55879","person_id":"01959245-c1c0-72a8-b7f6-f31f720ef28f","product_id":"4a2dac87-f83c-5108-9f5b-e20d7e1006d5","screening_id":"01959245-c1c0-72b4-8ce2-aec33bafc3f9","site_id":"6c16de97-6805-5c61-b7a4-663ef6ce7c5a","visit_id":"01959245-c1c0-72b2-b67a-36f0a2926a36"}','019592563c80.0001.00000000d001','01959245-c1c0-72a6-9dff-065076f2889b','2025-03-14T08:30:00.000+07:00',NULL,NULL,NULL);
INSERT INTO change_log VALUES(11,'01959256-3c80-70cf-a423-991e2da8f50d','observation','01959256-3c80-70ce-8a32-46b962c9c414','insert','{"created_at":"2025-03-14T08:30:00.000+07:00","created_by":"01959245-c1c0-72a6-9dff-065076f2889b","ended_at":"2025-03-14T09:19:40.000+07:00","hlc":"019592733a60.0000.00000000d001","id":"01959256-3c80-70ce-8a32-46b962c9c414","injection_id":"01959256-3c80-70c9-902c-c468724ef4ee","outcome":"released","person_id":"01959245-c1c0-72a8-b7f6-f31f720ef28f","site_id":"6c16de97-6805-5c61-b7a4-663ef6ce7c5a"}','019592733a60.0000.00000000d001','01959245-c1c0-72a6-9dff-065076f2889b','2025-03-14T08:30:00.000+07:00',NULL,NULL,NULL);
CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        device_id TEXT NOT NULL,
        user_id TEXT,
        action TEXT NOT NULL,
        entity TEXT,
        record_id TEXT,
        digest TEXT,
        detail TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
INSERT INTO audit_log VALUES(1,'2025-03-14T08:30:00.000+07:00','0195920e-8b80-7000-8000-00000000d001',NULL,'import','site','6c16de97-6805-5c61-b7a4-663ef6ce7c5a','14033811663402889558c0c3e7c4bec09440bf222db24462b726451ce85bd513','init','0000000000000000000000000000000000000000000000000000000000000000','2ee02463ee95ad306127f5be6498d0ad8f413b2e2812a94f3a796c9380ddd8ca');
INSERT INTO audit_log VALUES(2,'2025-03-14T08:30:00.000+07:00','0195920e-8b80-7000-8000-00000000d001',NULL,'import','vaccine_product','4a2dac87-f83c-5108-9f5b-e20d7e1006d5','bcaa96db3e97212606653d7cdab5ac85098baacc616cd3a996b269f97d0efe32','catalogue','2ee02463ee95ad306127f5be6498d0ad8f413b2e2812a94f3a796c9380ddd8ca','9b6698c49c9679d1916ea1f9ba4c15f429dad3806e5540f40d6816a36a804655');
INSERT INTO audit_log VALUES(3,'2025-03-14T08:30:00.000+07:00','0195920e-8b80-7000-8000-00000000d001',NULL,'import','vaccine_product','7d0d4ef6-79a9-5ec5-8f71-bcd090d03d0c','3b5e92094743431e66b9604ba7c8e34dc9bfcd914218d27cb265d8824996ef48','catalogue','9b6698c49c9679d1916ea1f9ba4c15f429dad3806e5540f40d6816a36a804655','b1eefa6e1779bf85d853964c9938e39fa89153bf27f0cf96cba964e8c40b1792');
INSERT INTO audit_log VALUES(4,'2025-03-14T08:30:00.000+07:00','0195920e-8b80-7000-8000-00000000d001',NULL,'import','vaccine_product','9c7b933a-0118-5d17-9561-b3abc7f65c86','fc54c920b39c23b2e055bf9fbfbee694350342d06e3270af4141bacd13b987d8','catalogue','b1eefa6e1779bf85d853964c9938e39fa89153bf27f0cf96cba964e8c40b1792','8d5ad0efbf18313424f2f4f6c5e3b26cb22b93c8d437695fa4b3f5cfc870becd');
INSERT INTO audit_log VALUES(5,'2025-03-14T08:30:00.000+07:00','0195920e-8b80-7000-8000-00000000d001',NULL,'import','vaccine_product','1c12d040-9ca1-5c08-9b1e-fdc53c670432','63957f63fc5da7e41ba9be7b0cbe515ce526ba4d9b59c26690a79899fc01b393','catalogue','8d5ad0efbf18313424f2f4f6c5e3b26cb22b93c8d437695fa4b3f5cfc870becd','e52076fde1206cd8ce82ecd8de17a2b5695e4774fc0b6e3b4df6e1c9709f12be');
INSERT INTO audit_log VALUES(6,'2025-03-14T08:30:00.000+07:00','0195920e-8b80-7000-8000-00000000d001',NULL,'import','vaccine_product','bfc6b8cf-8583-57a2-8739-9e7d065bd9f8','ee8ad01e756464b4b842c3e0da96b801a01e1e206d5529ddcb4d4d1d4a038103','catalogue','e52076fde1206cd8ce82ecd8de17a2b5695e4774fc0b6e3b4df6e1c9709f12be','aedf7fe58674fb388567370e1d11836c68f311d7d6bb6b9508241610b1fb490f');
INSERT INTO audit_log VALUES(7,'2025-03-14T08:30:00.000+07:00','0195920e-8b80-7000-8000-00000000d001',NULL,'import','vaccine_product','709d4442-fd99-5cd6-a611-a82e0d5e03df','c4a8b2577aba08c423d95a8af0fdbc40481cc2e03cd43019235f48969d6be639','catalogue','aedf7fe58674fb388567370e1d11836c68f311d7d6bb6b9508241610b1fb490f','3841ccfcdc5936a53a5b9ebb7dfeb4a1d047b3d90ce63f93caf084e87381d444');
INSERT INTO audit_log VALUES(8,'2025-03-14T08:30:00.000+07:00','0195920e-8b80-7000-8000-00000000d001',NULL,'import','vaccine_product','c0f6d1e2-89cc-5d34-8406-913e9fd0d930','07f308f60aca5f1230c34fa6a6cdd7183f094ea5a6aa3d07ffb608b683a01623','catalogue','3841ccfcdc5936a53a5b9ebb7dfeb4a1d047b3d90ce63f93caf084e87381d444','a1ab0890e854adebd3b6a606f277042fd215b1122dad83d1ace9f73109cfe894');
INSERT INTO audit_log VALUES(9,'2025-03-14T08:30:00.000+07:00','0195920e-8b80-7000-8000-00000000d001',NULL,'import','vaccine_product','62a637f6-70f2-5b15-bd48-8bd7d295cd74','ec461f46a6e40bccee0ddfebbc1fdaadb979d10d4694ea0e4c479b178337cd9e','catalogue','a1ab0890e854adebd3b6a606f277042fd215b1122dad83d1ace9f73109cfe894','c315dd08706c5d66f2396ada55315f18714bec9cf7af878ad11602980f3a7601');
INSERT INTO audit_log VALUES(10,'2025-03-14T08:30:00.000+07:00','0195920e-8b80-7000-8000-00000000d001',NULL,'import','vaccine_product','0560ecf8-fc0c-57a3-b543-fabbd729e1fd','0337882e28da04d1167187ca727d55c90e1b2dca40c1cb2a7cc8c8e1cbd554f2','catalogue','c315dd08706c5d66f2396ada55315f18714bec9cf7af878ad11602980f3a7601','0a13df90865cca7c2a9854b9f9a4672ad4c45dfe566663a93c1853c15ab4f26f');
INSERT INTO audit_log VALUES(11,'2025-03-14T08:30:00.000+07:00','0195920e-8b80-7000-8000-00000000d001',NULL,'insert','app_user','01959245-c1c0-72a6-9dff-065076f2889b','4136ebe55fbceea06830382bd969c00fde78c856034c3007214c378f157d4fba',NULL,'0a13df90865cca7c2a9854b9f9a4672ad4c45dfe566663a93c1853c15ab4f26f','2c99c9c0738906635c98f9470054db70e275c60b891cf8038ea41fa5dbb5c045');
INSERT INTO audit_log VALUES(12,'2025-03-14T08:30:00.000+07:00','0195920e-8b80-7000-8000-00000000d001','01959245-c1c0-72a6-9dff-065076f2889b','insert','person','01959245-c1c0-72a8-b7f6-f31f720ef28f','051954dc1f1f11e2a9cbfb9aa948bf22e99b835c984c2b25b086598b9a4ee6eb',NULL,'2c99c9c0738906635c98f9470054db70e275c60b891cf8038ea41fa5dbb5c045','af3c13afd1f971e05bde3d3a29138ef73f46fcd6854515b68cb4b72240b098c8');
INSERT INTO audit_log VALUES(13,'2025-03-14T08:30:00.000+07:00','0195920e-8b80-7000-8000-00000000d001','01959245-c1c0-72a6-9dff-065076f2889b','insert','person','01959245-c1c0-72aa-a772-7b48903ae60e','4df1caf56f668522a97b9d19600465e73a4431ca5b3a45c01e2b9196d3e4ead9',NULL,'af3c13afd1f971e05bde3d3a29138ef73f46fcd6854515b68cb4b72240b098c8','dcc54a5e58ef67d1bb0154567ac290aa42761000b8701e9167eab85e4e2204d4');
INSERT INTO audit_log VALUES(14,'2025-03-14T08:30:00.000+07:00','0195920e-8b80-7000-8000-00000000d001','01959245-c1c0-72a6-9dff-065076f2889b','insert','person','01959245-c1c0-72ac-8fee-eeaf1c832801','fe472280d529c171c9ffacf2ef35b702cfda0574cd4fa3a66a9d805f1cbdb9dd',NULL,'dcc54a5e58ef67d1bb0154567ac290aa42761000b8701e9167eab85e4e2204d4','6c04eec0366dde83d2d33a3c23eb820bb29f83307761dfa4c3645d2c9ed98770');
INSERT INTO audit_log VALUES(15,'2025-03-14T08:30:00.000+07:00','0195920e-8b80-7000-8000-00000000d001','01959245-c1c0-72a6-9dff-065076f2889b','insert','lot','7fa92261-98ea-5c2d-a138-1168ad7c66ab','d360b3604ff893780e630050f30f3e5346544ceaf2c10c99f1e2f3ff8ca66c3f',NULL,'6c04eec0366dde83d2d33a3c23eb820bb29f83307761dfa4c3645d2c9ed98770','1a30ac3e8354ad9245cba5782ba6c176675464de921f460c0e6c3cf82b3fd9e5');
INSERT INTO audit_log VALUES(16,'2025-03-14T08:30:00.000+07:00','0195920e-8b80-7000-8000-00000000d001','01959245-c1c0-72a6-9dff-065076f2889b','insert','stock_movement','01959245-c1c0-72b0-b90f-b39ee9bd6e99','f6d59ccd711c816bc385ddbf259406256bc05ff09a1d9d3bca340b2fb84b8fcf',NULL,'1a30ac3e8354ad9245cba5782ba6c176675464de921f460c0e6c3cf82b3fd9e5','9ea26722028ec280fbbfe28a329294b1dc1cae94e44b2ba907d689e0ee8ca497');
INSERT INTO audit_log VALUES(17,'2025-03-14T08:30:00.000+07:00','0195920e-8b80-7000-8000-00000000d001','01959245-c1c0-72a6-9dff-065076f2889b','insert','visit','01959245-c1c0-72b2-b67a-36f0a2926a36','af54d5211da2061b90bb79b9d342a2d8aa3082d9d3ff35d43d108892189b7850',NULL,'9ea26722028ec280fbbfe28a329294b1dc1cae94e44b2ba907d689e0ee8ca497','7c0590c8197f3cefe236f037eb0da5557825232405a042f96241ee548648b2d3');
INSERT INTO audit_log VALUES(18,'2025-03-14T08:30:00.000+07:00','0195920e-8b80-7000-8000-00000000d001','01959245-c1c0-72a6-9dff-065076f2889b','insert','screening','01959245-c1c0-72b4-8ce2-aec33bafc3f9','57e7a662fb1f8cbdb842bdea5339ef1607796a4d961ef0e2c4b6a3fbc3f963a2',NULL,'7c0590c8197f3cefe236f037eb0da5557825232405a042f96241ee548648b2d3','d92adf6cef489ee8745124ee58d2d9306e323da59a86611a0ca9da1e88f11d77');
INSERT INTO audit_log VALUES(19,'2025-03-14T08:30:00.000+07:00','0195920e-8b80-7000-8000-00000000d001','01959245-c1c0-72a6-9dff-065076f2889b','insert','stock_movement','01959256-3c80-70ca-a92d-34eacbb55879','43cda1d9acdf649bf7bdb20819b1f6123fd2aca9ca57e198d050e873afc3fcce',NULL,'d92adf6cef489ee8745124ee58d2d9306e323da59a86611a0ca9da1e88f11d77','664b1b8702975d36f08d988cec6fcb0ff98df4d374d5d775cc9e7dcb04840580');
INSERT INTO audit_log VALUES(20,'2025-03-14T08:30:00.000+07:00','0195920e-8b80-7000-8000-00000000d001','01959245-c1c0-72a6-9dff-065076f2889b','insert','injection','01959256-3c80-70c9-902c-c468724ef4ee','536c490d6b6304917d83ec1cee92f4ce333eb60d8d78c5d80231139d62e370d3',NULL,'664b1b8702975d36f08d988cec6fcb0ff98df4d374d5d775cc9e7dcb04840580','ae76f52baaa8ae141ef893448fc57be0373c8970bb889d911682e1adeafb5220');
INSERT INTO audit_log VALUES(21,'2025-03-14T08:30:00.000+07:00','0195920e-8b80-7000-8000-00000000d001','01959245-c1c0-72a6-9dff-065076f2889b','insert','observation','01959256-3c80-70ce-8a32-46b962c9c414','20959b01be558ca76e50bee5a9266d234ff8210869e79447fb42c995896c3b11',NULL,'ae76f52baaa8ae141ef893448fc57be0373c8970bb889d911682e1adeafb5220','ed56ca43a12311aee2a73f12e42e92a4f6f0bc542ad520759bd5e2465bf256cf');
CREATE TABLE visit (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES person(id),
        arrived_at TEXT NOT NULL,
        day TEXT NOT NULL,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL
    );
INSERT INTO visit VALUES('01959245-c1c0-72b2-b67a-36f0a2926a36','01959245-c1c0-72a8-b7f6-f31f720ef28f','2025-03-14T08:43:00.000+07:00','2025-03-14','6c16de97-6805-5c61-b7a4-663ef6ce7c5a',NULL,'01959245-c1c0-72a6-9dff-065076f2889b','2025-03-14T08:30:00.000+07:00','01959251a8a0.0000.00000000d001');
CREATE TABLE screening (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES person(id),
        visit_id TEXT REFERENCES visit(id),
        form_code TEXT NOT NULL,
        form_version INTEGER NOT NULL,
        answers TEXT NOT NULL,
        conclusion TEXT NOT NULL,
        screened_at TEXT NOT NULL,
        note TEXT,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL
    );
INSERT INTO screening VALUES('01959245-c1c0-72b4-8ce2-aec33bafc3f9','01959245-c1c0-72a8-b7f6-f31f720ef28f','01959245-c1c0-72b2-b67a-36f0a2926a36','3802/QĐ-BYT',1,'{"answers":{"acute_illness":"no"},"temperature_c":36.5}','eligible','2025-03-14T08:43:00.000+07:00',NULL,'6c16de97-6805-5c61-b7a4-663ef6ce7c5a',NULL,'01959245-c1c0-72a6-9dff-065076f2889b','2025-03-14T08:30:00.000+07:00','01959251a8a0.0001.00000000d001');
CREATE TABLE injection (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES person(id),
        visit_id TEXT REFERENCES visit(id),
        screening_id TEXT REFERENCES screening(id),
        product_id TEXT NOT NULL REFERENCES vaccine_product(id),
        lot_id TEXT NOT NULL REFERENCES lot(id),
        dose_number INTEGER NOT NULL CHECK (dose_number >= 1),
        body_site TEXT NOT NULL,
        injected_at TEXT NOT NULL,
        injected_by TEXT NOT NULL,
        movement_id TEXT REFERENCES stock_movement(id),
        note TEXT,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL
    );
INSERT INTO injection VALUES('01959256-3c80-70c9-902c-c468724ef4ee','01959245-c1c0-72a8-b7f6-f31f720ef28f','01959245-c1c0-72b2-b67a-36f0a2926a36','01959245-c1c0-72b4-8ce2-aec33bafc3f9','4a2dac87-f83c-5108-9f5b-e20d7e1006d5','7fa92261-98ea-5c2d-a138-1168ad7c66ab',1,'left_arm','2025-03-14T08:48:00.000+07:00','01959245-c1c0-72a6-9dff-065076f2889b','01959256-3c80-70ca-a92d-34eacbb55879',NULL,'6c16de97-6805-5c61-b7a4-663ef6ce7c5a',NULL,'01959245-c1c0-72a6-9dff-065076f2889b','2025-03-14T08:30:00.000+07:00','019592563c80.0001.00000000d001');
CREATE TABLE observation (
        id TEXT PRIMARY KEY,
        injection_id TEXT NOT NULL REFERENCES injection(id),
        person_id TEXT NOT NULL REFERENCES person(id),
        outcome TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        note TEXT,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL
    );
INSERT INTO observation VALUES('01959256-3c80-70ce-8a32-46b962c9c414','01959256-3c80-70c9-902c-c468724ef4ee','01959245-c1c0-72a8-b7f6-f31f720ef28f','released','2025-03-14T09:19:40.000+07:00',NULL,'6c16de97-6805-5c61-b7a4-663ef6ce7c5a',NULL,'01959245-c1c0-72a6-9dff-065076f2889b','2025-03-14T08:30:00.000+07:00','019592733a60.0000.00000000d001');
CREATE TABLE adverse_event (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES person(id),
        injection_id TEXT REFERENCES injection(id),
        onset_at TEXT NOT NULL,
        symptoms TEXT,
        description TEXT,
        serious INTEGER NOT NULL,
        serious_criteria TEXT,
        outcome TEXT NOT NULL,
        treatment TEXT,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL
    );
CREATE TABLE correction (
        id TEXT PRIMARY KEY,
        entity TEXT NOT NULL,
        target_id TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('void', 'amend')),
        reason TEXT NOT NULL,
        changes TEXT,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL
    );
PRAGMA writable_schema=ON;
INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table','person_fts','person_fts',0,'CREATE VIRTUAL TABLE person_fts USING fts5(
        name_folded, content=''person'', content_rowid=''pk'', tokenize=''unicode61'', prefix=''1 2 3''
    )');
CREATE TABLE IF NOT EXISTS 'person_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
INSERT INTO person_fts_data VALUES(1,X'0309');
INSERT INTO person_fts_data VALUES(10,X'000000000103030003010101020101030101');
INSERT INTO person_fts_data VALUES(137438953473,X'00000061043064756301020401066e677579656e010202010376616e0102030002316401020401016e010202010176010203000332647501020401026e670102020102766101020300043364756301020401036e6775010202010376616e01020304080b080706060807070908');
INSERT INTO person_fts_data VALUES(274877906945,X'00000057043064616f0202040103746869020203020372616e020202000231640202040101740204020300033264610202040102746802020302017202020200043364616f0202040103746869020203020272610202020408080807070807060908');
INSERT INTO person_fts_data VALUES(412316860417,X'0000005703306c6503020201046d696e6803020301047475616e0302040002316c03020201016d0302030101740302040003326c6503020201026d69030203010274750302040004336d696e03020301037475610302040407090907060608070709');
CREATE TABLE IF NOT EXISTS 'person_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
INSERT INTO person_fts_idx VALUES(1,X'',2);
INSERT INTO person_fts_idx VALUES(2,X'',2);
INSERT INTO person_fts_idx VALUES(3,X'',2);
CREATE TABLE IF NOT EXISTS 'person_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
INSERT INTO person_fts_docsize VALUES(1,X'03');
INSERT INTO person_fts_docsize VALUES(2,X'03');
INSERT INTO person_fts_docsize VALUES(3,X'03');
CREATE TABLE IF NOT EXISTS 'person_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO person_fts_config VALUES('version',4);
CREATE TABLE fts_mode (bulk INTEGER NOT NULL);
INSERT INTO fts_mode VALUES(0);
CREATE TABLE fts_pending (pk INTEGER PRIMARY KEY);
CREATE TABLE sync_rejection (
        change_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        entity TEXT,
        record_id TEXT,
        code TEXT NOT NULL,
        reason TEXT NOT NULL,
        rejected_at TEXT NOT NULL
    );
CREATE TABLE review_item (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        entity TEXT NOT NULL,
        record_id TEXT NOT NULL,
        other_id TEXT,
        field TEXT,
        kept_value TEXT,
        lost_value TEXT,
        kept_hlc TEXT,
        lost_hlc TEXT,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL
    );
CREATE TABLE sync_history (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        pushed INTEGER NOT NULL DEFAULT 0,
        pulled INTEGER NOT NULL DEFAULT 0,
        rejected INTEGER NOT NULL DEFAULT 0,
        conflicts INTEGER NOT NULL DEFAULT 0,
        relayed INTEGER NOT NULL DEFAULT 0,
        error TEXT
    );
CREATE TABLE relay_bundle (
        bundle_id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        from_seq INTEGER NOT NULL,
        to_seq INTEGER NOT NULL,
        changes INTEGER NOT NULL,
        file BLOB NOT NULL,
        imported_at TEXT NOT NULL,
        applied_at TEXT,
        relayed_at TEXT,
        outcome TEXT
    );
CREATE TABLE origin_progress (
        device_id TEXT PRIMARY KEY,
        applied_through INTEGER NOT NULL
    );
CREATE TABLE vial (
        id TEXT PRIMARY KEY,
        holder_id TEXT NOT NULL REFERENCES site(id),
        lot_id TEXT NOT NULL REFERENCES lot(id),
        doses INTEGER NOT NULL CHECK (doses > 0),
        opened_at TEXT NOT NULL,
        discard_at TEXT NOT NULL,
        session_day TEXT NOT NULL,
        note TEXT,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL
    );
CREATE INDEX person_cccd ON person(cccd) WHERE cccd IS NOT NULL;
CREATE INDEX person_cmnd ON person(cmnd) WHERE cmnd IS NOT NULL;
CREATE INDEX person_passport ON person(passport) WHERE passport IS NOT NULL;
CREATE INDEX person_phone ON person(phone) WHERE phone IS NOT NULL;
CREATE TRIGGER stock_movement_balance AFTER INSERT ON stock_movement BEGIN
        INSERT INTO stock_balance (holder_id, lot_id, doses) VALUES (NEW.holder_id, NEW.lot_id, NEW.doses)
        ON CONFLICT (holder_id, lot_id) DO UPDATE SET doses = doses + excluded.doses;
    END;
CREATE TRIGGER stock_movement_no_update BEFORE UPDATE ON stock_movement BEGIN
        SELECT RAISE(ABORT, 'stock movements are append-only: record a reversal instead');
    END;
CREATE TRIGGER stock_movement_no_delete BEFORE DELETE ON stock_movement BEGIN
        SELECT RAISE(ABORT, 'stock movements are append-only: record a reversal instead');
    END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
        SELECT RAISE(ABORT, 'the audit log is append-only');
    END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
        SELECT RAISE(ABORT, 'the audit log is append-only');
    END;
CREATE INDEX visit_day ON visit(day);
CREATE INDEX visit_person ON visit(person_id);
CREATE INDEX screening_visit ON screening(visit_id);
CREATE INDEX screening_person ON screening(person_id);
CREATE INDEX injection_person ON injection(person_id);
CREATE INDEX injection_visit ON injection(visit_id) WHERE visit_id IS NOT NULL;
CREATE INDEX injection_time ON injection(injected_at);
CREATE INDEX observation_injection ON observation(injection_id);
CREATE INDEX adverse_event_person ON adverse_event(person_id);
CREATE INDEX adverse_event_injection ON adverse_event(injection_id);
CREATE INDEX correction_target ON correction(target_id);
CREATE TRIGGER visit_no_update BEFORE UPDATE ON visit BEGIN SELECT RAISE(ABORT, 'visit records are append-only: record a correction instead'); END;
CREATE TRIGGER visit_no_delete BEFORE DELETE ON visit BEGIN SELECT RAISE(ABORT, 'visit records are append-only: record a correction instead'); END;
CREATE TRIGGER screening_no_update BEFORE UPDATE ON screening BEGIN SELECT RAISE(ABORT, 'screening records are append-only: record a correction instead'); END;
CREATE TRIGGER screening_no_delete BEFORE DELETE ON screening BEGIN SELECT RAISE(ABORT, 'screening records are append-only: record a correction instead'); END;
CREATE TRIGGER injection_no_update BEFORE UPDATE ON injection BEGIN SELECT RAISE(ABORT, 'injection records are append-only: record a correction instead'); END;
CREATE TRIGGER injection_no_delete BEFORE DELETE ON injection BEGIN SELECT RAISE(ABORT, 'injection records are append-only: record a correction instead'); END;
CREATE TRIGGER observation_no_update BEFORE UPDATE ON observation BEGIN SELECT RAISE(ABORT, 'observation records are append-only: record a correction instead'); END;
CREATE TRIGGER observation_no_delete BEFORE DELETE ON observation BEGIN SELECT RAISE(ABORT, 'observation records are append-only: record a correction instead'); END;
CREATE TRIGGER adverse_event_no_update BEFORE UPDATE ON adverse_event BEGIN SELECT RAISE(ABORT, 'adverse_event records are append-only: record a correction instead'); END;
CREATE TRIGGER adverse_event_no_delete BEFORE DELETE ON adverse_event BEGIN SELECT RAISE(ABORT, 'adverse_event records are append-only: record a correction instead'); END;
CREATE TRIGGER correction_no_update BEFORE UPDATE ON correction BEGIN SELECT RAISE(ABORT, 'correction records are append-only: record a correction instead'); END;
CREATE TRIGGER correction_no_delete BEFORE DELETE ON correction BEGIN SELECT RAISE(ABORT, 'correction records are append-only: record a correction instead'); END;
CREATE TRIGGER person_fts_update AFTER UPDATE OF name_folded ON person BEGIN
        INSERT INTO person_fts (person_fts, rowid, name_folded) VALUES ('delete', OLD.pk, OLD.name_folded);
        INSERT INTO person_fts (rowid, name_folded) VALUES (NEW.pk, NEW.name_folded);
    END;
CREATE TRIGGER person_fts_delete AFTER DELETE ON person BEGIN
        INSERT INTO person_fts (person_fts, rowid, name_folded) VALUES ('delete', OLD.pk, OLD.name_folded);
    END;
CREATE TRIGGER person_fts_insert AFTER INSERT ON person WHEN (SELECT bulk FROM fts_mode) = 0 BEGIN
        INSERT INTO person_fts (rowid, name_folded) VALUES (NEW.pk, NEW.name_folded);
    END;
CREATE TRIGGER person_fts_queue AFTER INSERT ON person WHEN (SELECT bulk FROM fts_mode) = 1 BEGIN
        INSERT INTO fts_pending (pk) VALUES (NEW.pk);
    END;
CREATE INDEX review_item_created ON review_item(created_at);
CREATE TRIGGER review_item_no_update BEFORE UPDATE ON review_item BEGIN SELECT RAISE(ABORT, 'review_item records are append-only: record a correction instead'); END;
CREATE TRIGGER review_item_no_delete BEFORE DELETE ON review_item BEGIN SELECT RAISE(ABORT, 'review_item records are append-only: record a correction instead'); END;
CREATE INDEX vial_holder_lot ON vial(holder_id, lot_id, id, doses);
CREATE INDEX stock_movement_vial ON stock_movement(vial_id, kind, doses) WHERE vial_id IS NOT NULL;
CREATE INDEX stock_movement_ref ON stock_movement(ref_id) WHERE ref_id IS NOT NULL;
CREATE INDEX stock_movement_counterpart ON stock_movement(counterpart_id) WHERE counterpart_id IS NOT NULL;
CREATE INDEX stock_movement_holder_time ON stock_movement(holder_id, occurred_at);
CREATE INDEX stock_movement_holder_lot ON stock_movement(holder_id, lot_id, occurred_at);
CREATE INDEX stock_movement_hold ON stock_movement(holder_id, lot_id, occurred_at) WHERE kind IN ('quarantine', 'release');
CREATE INDEX stock_movement_sent ON stock_movement(holder_id, occurred_at) WHERE kind IN ('transfer_out', 'issue');
CREATE TRIGGER vial_no_update BEFORE UPDATE ON vial BEGIN SELECT RAISE(ABORT, 'vial records are append-only: record a correction instead'); END;
CREATE TRIGGER vial_no_delete BEFORE DELETE ON vial BEGIN SELECT RAISE(ABORT, 'vial records are append-only: record a correction instead'); END;
PRAGMA writable_schema=OFF;
COMMIT;
PRAGMA user_version = 5;
