#include "app/common/Hlc.h"
#include "app/common/TimeText.h"
#include "app/common/Uuid.h"
#include "app/store/RecordWriter.h"
#include "db/AuditChain.h"
#include "db/Connection.h"
#include "db/EntitySpec.h"
#include "db/RowWriter.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace vax;

namespace {

QJsonObject personRecord(const QString& name, const QString& passport)
{
    return QJsonObject{{QStringLiteral("full_name"), name}, {QStringLiteral("name_folded"), name.toLower()},
        {QStringLiteral("birth_date"), QStringLiteral("1990-01-02")}, {QStringLiteral("sex"), QStringLiteral("F")},
        {QStringLiteral("passport"), passport}};
}

} // namespace

class TestWritePath : public QObject
{
    Q_OBJECT

private slots:
    void init() { test::failOnSqlWarnings(); }

    void insertWritesRowChangeLogAndAuditTogether()
    {
        test::TestSite site;
        const qint64 auditBefore = site.count(QStringLiteral("audit_log"));
        QJsonObject stored;
        auto r = site.store().write(site.nurse().userId(), [&](RecordWriter& w) -> Result<void> {
            auto s = w.insert(Entity::Person, personRecord(QStringLiteral("Lê Thị Hoa"), QStringLiteral("B1234567")));
            if (!s.ok())
                return s.error();
            stored = s.value();
            return {};
        });
        QVERIFY(r.ok());
        const QString id = stored.value(QStringLiteral("id")).toString();
        QCOMPARE(site.count(QStringLiteral("person")), 1);
        QCOMPARE(site.count(QStringLiteral("audit_log")), auditBefore + 1);

        auto& c = site.store().connection();
        const QString payload = c.scalar(QStringLiteral("SELECT payload FROM change_log WHERE record_id = ?"), {id}).toString();
        QCOMPARE(QJsonDocument::fromJson(payload.toUtf8()).object(), stored);
        QCOMPARE(c.scalar(QStringLiteral("SELECT op FROM change_log WHERE record_id = ?"), {id}).toString(), QStringLiteral("insert"));
        QCOMPARE(c.scalar(QStringLiteral("SELECT digest FROM audit_log WHERE record_id = ?"), {id}).toString(),
            db::AuditChain::digest(payload.toUtf8()));
        QCOMPARE(c.scalar(QStringLiteral("SELECT user_id FROM audit_log WHERE record_id = ?"), {id}).toString(), site.nurse().userId());
    }

    void stampsComeFromTheDeviceTheUserAndTheClock()
    {
        test::TestSite site;
        QJsonObject stored;
        auto r = site.store().write(site.nurse().userId(), [&](RecordWriter& w) -> Result<void> {
            auto s = w.insert(Entity::Person, personRecord(QStringLiteral("An"), QStringLiteral("B7654321")));
            stored = s.ok() ? s.value() : QJsonObject();
            return {};
        });
        QVERIFY(r.ok());
        QCOMPARE(stored.value(QStringLiteral("site_id")).toString(), site.store().identity().siteId);
        QCOMPARE(stored.value(QStringLiteral("created_by")).toString(), site.nurse().userId());
        QCOMPARE(fromIsoWithOffset(stored.value(QStringLiteral("created_at")).toString()), site.clock().now());
        QVERIFY(stored.value(QStringLiteral("created_at")).toString().contains(QLatin1Char('+'))
            || stored.value(QStringLiteral("created_at")).toString().endsWith(QLatin1Char('Z')));
        QVERIFY(Hlc::parse(stored.value(QStringLiteral("hlc")).toString()).has_value());
        QCOMPARE(Uuid::v7Time(stored.value(QStringLiteral("id")).toString()), site.clock().now().toMSecsSinceEpoch());
    }

    void anErrorInTheWorkLeavesNothingBehind()
    {
        test::TestSite site;
        const qint64 persons = site.count(QStringLiteral("person"));
        const qint64 changes = site.count(QStringLiteral("change_log"));
        const qint64 audit = site.count(QStringLiteral("audit_log"));
        auto r = site.store().write(site.nurse().userId(), [&](RecordWriter& w) -> Result<void> {
            if (auto s = w.insert(Entity::Person, personRecord(QStringLiteral("Trần Văn Bình"), QStringLiteral("B1111111"))); !s.ok())
                return s.error();
            return Error::invalid(QStringLiteral("lot"), QStringLiteral("no stock"));
        });
        QVERIFY(!r.ok());
        QCOMPARE(site.count(QStringLiteral("person")), persons);
        QCOMPARE(site.count(QStringLiteral("change_log")), changes);
        QCOMPARE(site.count(QStringLiteral("audit_log")), audit);
        QVERIFY(site.store().checkIntegrity().ok());
    }

    void aDatabaseRefusalRollsBackEarlierRecordsOfTheSameWrite()
    {
        test::TestSite site;
        const qint64 audit = site.count(QStringLiteral("audit_log"));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("FOREIGN KEY constraint failed")));
        auto r = site.store().write(site.nurse().userId(), [&](RecordWriter& w) -> Result<void> {
            if (auto s = w.insert(Entity::Person, personRecord(QStringLiteral("Phạm Thu"), QStringLiteral("B2222222"))); !s.ok())
                return s.error();
            // A stock movement of a lot that does not exist: the foreign key refuses it.
            QJsonObject m{{QStringLiteral("holder_id"), site.store().identity().siteId},
                {QStringLiteral("lot_id"), QStringLiteral("no-such-lot")}, {QStringLiteral("kind"), QStringLiteral("receipt")},
                {QStringLiteral("doses"), 10}, {QStringLiteral("occurred_at"), toIsoWithOffset(site.clock().now())}};
            if (auto s = w.insert(Entity::StockMovement, m); !s.ok())
                return s.error();
            return {};
        });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), ErrorCode::Storage);
        QCOMPARE(site.count(QStringLiteral("person")), 0);
        QCOMPARE(site.count(QStringLiteral("audit_log")), audit);
        // The chain head was forgotten with the rollback: the next write still chains correctly.
        site.registerPerson();
        QVERIFY2(site.store().checkIntegrity().ok(), qPrintable(site.store().checkIntegrity().problems.join(QLatin1Char('\n'))));
    }

    void eventsCannotBeChangedEvenWithSql()
    {
        test::TestSite site;
        const QString lot = site.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABC123"), 10);
        Q_UNUSED(lot);
        QSqlQuery q(site.store().connection().database());
        QVERIFY(!q.exec(QStringLiteral("UPDATE stock_movement SET doses = 1000")));
        QVERIFY(q.lastError().text().contains(QStringLiteral("append-only")));
        QVERIFY(!q.exec(QStringLiteral("DELETE FROM stock_movement")));
        QVERIFY(!q.exec(QStringLiteral("DELETE FROM audit_log")));
        QVERIFY(!q.exec(QStringLiteral("UPDATE audit_log SET user_id = 'someone else'")));
    }

    void updateLogsOnlyTheChangedFieldsWithNewStamps()
    {
        test::TestSite site;
        const QString id = site.registerPerson();
        auto& c = site.store().connection();
        const QString created = c.scalar(QStringLiteral("SELECT hlc FROM person WHERE id = ?"), {id}).toString();
        auto r = site.store().write(site.nurse().userId(), [&](RecordWriter& w) {
            return w.update(Entity::Person, id,
                QJsonObject{{QStringLiteral("phone"), QStringLiteral("+84912345678")}, {QStringLiteral("sex"), QStringLiteral("M")}});
        });
        QVERIFY(r.ok());
        const QJsonObject payload = QJsonDocument::fromJson(
            c.scalar(QStringLiteral("SELECT payload FROM change_log WHERE record_id = ? AND op = 'update'"), {id}).toString().toUtf8())
                                        .object();
        QCOMPARE(payload, (QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("phone"), QStringLiteral("+84912345678")}}));
        const QJsonObject stamps = QJsonDocument::fromJson(
            c.scalar(QStringLiteral("SELECT field_hlc FROM person WHERE id = ?"), {id}).toString().toUtf8())
                                       .object();
        QCOMPARE(stamps.keys(), QStringList{QStringLiteral("phone")});
        QVERIFY(stamps.value(QStringLiteral("phone")).toString() > created);

        // Nothing changed: nothing written.
        const qint64 changes = site.count(QStringLiteral("change_log"));
        r = site.store().write(site.nurse().userId(), [&](RecordWriter& w) {
            return w.update(Entity::Person, id, QJsonObject{{QStringLiteral("phone"), QStringLiteral("+84912345678")}});
        });
        QVERIFY(r.ok());
        QCOMPARE(site.count(QStringLiteral("change_log")), changes);
    }

    void eventsAndStampsCannotBeUpdatedThroughTheWriter()
    {
        test::TestSite site;
        const QString id = site.registerPerson();
        auto r = site.store().write(site.nurse().userId(), [&](RecordWriter& w) {
            return w.update(Entity::Injection, id, QJsonObject{{QStringLiteral("note"), QStringLiteral("x")}});
        });
        QVERIFY(!r.ok());
        QVERIFY(r.error().message().contains(QStringLiteral("correction")));
        r = site.store().write(site.nurse().userId(), [&](RecordWriter& w) {
            return w.update(Entity::Person, id, QJsonObject{{QStringLiteral("created_by"), QStringLiteral("someone")}});
        });
        QVERIFY(!r.ok());
    }

    void unknownFieldsAndWrongTypesAreRefused()
    {
        test::TestSite site;
        auto r = site.store().write(site.nurse().userId(), [&](RecordWriter& w) -> Result<void> {
            QJsonObject p = personRecord(QStringLiteral("X Y"), QStringLiteral("B3333333"));
            p.insert(QStringLiteral("shoe_size"), 42);
            auto s = w.insert(Entity::Person, p);
            return s.ok() ? Result<void>() : Result<void>(s.error());
        });
        QVERIFY(!r.ok());
        QVERIFY(r.error().message().contains(QStringLiteral("shoe_size")));
        r = site.store().write(site.nurse().userId(), [&](RecordWriter& w) -> Result<void> {
            QJsonObject p = personRecord(QStringLiteral("X Y"), QStringLiteral("B3333333"));
            p.insert(QStringLiteral("priority_group"), QStringLiteral("high"));
            auto s = w.insert(Entity::Person, p);
            return s.ok() ? Result<void>() : Result<void>(s.error());
        });
        QVERIFY(!r.ok());
        QCOMPARE(site.count(QStringLiteral("person")), 0);
    }

    void canonicalJsonIsWhatQtWrites()
    {
        // Digests of the canonical bytes are checked against QJsonDocument's by vaxctl check:
        // the write path's own writer must give the very same bytes for every value.
        QString latin;
        for (char16_t c = 0; c < 0x180; ++c)
            latin.append(QChar(c));
        QList<QJsonObject> records;
        records << QJsonObject();
        records << QJsonObject{{QStringLiteral("all"), latin}, {QString(), QString()}, {QStringLiteral("key \"\\\n"), QStringLiteral("v")}};
        records << QJsonObject{{QStringLiteral("name"), QStringLiteral("Nguyễn Văn Đức")}, {QStringLiteral("cjk"), QStringLiteral("漢字 ｶﾀｶﾅ")},
            {QStringLiteral("pair"), QString::fromUcs4(U"\U0001F489 tiêm")}};
        records << QJsonObject{{QStringLiteral("lone"), QString(QChar(0xd800))}, {QStringLiteral("x"), QStringLiteral("y")}};
        records << QJsonObject{{QStringLiteral("swapped"), QString(QString(QChar(0xdc00)) + QChar(0xd800) + QLatin1Char('z'))}};
        records << QJsonObject{{QStringLiteral("i"), 0}, {QStringLiteral("n"), -42}, {QStringLiteral("big"), qint64(9007199254740993)},
            {QStringLiteral("d"), 1.5}, {QStringLiteral("e"), 1e6}, {QStringLiteral("f"), 1e21}, {QStringLiteral("g"), 0.1},
            {QStringLiteral("h"), -0.0}, {QStringLiteral("w"), double(3)}};
        records << QJsonObject{{QStringLiteral("t"), true}, {QStringLiteral("f"), false}, {QStringLiteral("z"), QJsonValue::Null},
            {QStringLiteral("o"), QJsonObject{{QStringLiteral("a"), 1}, {QStringLiteral("b"), QStringLiteral("é\t")}}},
            {QStringLiteral("l"), QJsonArray{1, QStringLiteral("two"), QJsonArray{}, QJsonObject{}}}};
        records << personRecord(QStringLiteral("Trần Thị Bích Ngọc"), QStringLiteral("C7654321"));
        for (const QJsonObject& r : records)
            QCOMPARE(db::RowWriter::canonical(r), QJsonDocument(r).toJson(QJsonDocument::Compact));
        // An insert binds the values it wrote into those bytes: the row holds the record.
        test::TestSite bare;
        db::RowWriter rows(bare.store().connection());
        const db::EntitySpec& spec = db::specFor(Entity::Person);
        for (const QString& note : QStringList{QStringLiteral("dị ứng \"penicillin\"\n\tC:\\"), QString(QChar(0xd83d)).append(QStringLiteral(" lẻ")), QString()}) {
            QJsonObject r = personRecord(QStringLiteral("Đinh Thị Ánh"), QStringLiteral("C%1").arg(qHash(note) % 1000000));
            r.insert(QStringLiteral("id"), Uuid::v7(0));
            r.insert(QStringLiteral("created_at"), QStringLiteral("2026-01-01T08:00:00.000+07:00"));
            r.insert(QStringLiteral("hlc"), QStringLiteral("0000000000a0.0000.0000000000000001"));
            r.insert(QStringLiteral("priority_group"), 3);
            if (!note.isNull())
                r.insert(QStringLiteral("note"), note);
            QVERIFY(bare.store().connection().exec(QStringLiteral("BEGIN")).ok());
            const auto written = rows.insert(spec, r);
            QVERIFY(bare.store().connection().exec(QStringLiteral("COMMIT")).ok());
            QVERIFY(written.ok());
            QCOMPARE(written.value(), QJsonDocument(r).toJson(QJsonDocument::Compact));
            // (A lone surrogate is stored as UTF-8 can hold it: as U+FFFD.)
            QJsonObject stored = r;
            if (!note.isNull())
                stored.insert(QStringLiteral("note"), QString::fromUtf8(note.toUtf8()));
            QCOMPARE(rows.load(spec, r.value(QStringLiteral("id")).toString()), std::optional<QJsonObject>(stored));
        }
        // And what the write path stored and hashed for a whole site (vaxctl check re-hashes it).
        test::TestSite site;
        site.registerPerson(QStringLiteral("Phạm Út Nhỏ"), QStringLiteral("1990-01-01"));
        site.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABV9001"), 10);
        QVERIFY2(site.store().checkIntegrity().ok(), qPrintable(site.store().checkIntegrity().problems.join(QLatin1Char('\n'))));
        QSqlQuery q(site.store().connection().database());
        q.exec(QStringLiteral("SELECT payload FROM change_log"));
        int logged = 0;
        while (q.next()) {
            const QJsonObject payload = QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object();
            QCOMPARE(db::RowWriter::canonical(payload), QJsonDocument(payload).toJson(QJsonDocument::Compact));
            ++logged;
        }
        QVERIFY(logged >= 3);
    }

    void nestedWritesAreRefused()
    {
        test::TestSite site;
        auto r = site.store().write(site.nurse().userId(), [&](RecordWriter&) {
            return site.store().write(site.nurse().userId(), [](RecordWriter&) { return Result<void>(); });
        });
        QVERIFY(!r.ok());
    }
};

QTEST_GUILESS_MAIN(TestWritePath)
#include "tst_writepath.moc"
