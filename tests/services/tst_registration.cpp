#include "app/people/ChipIdQr.h"
#include "app/services/RegistrationService.h"
#include "db/Connection.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"

#include <QJsonDocument>
#include <QTest>

using namespace vax;

namespace {

PersonDraft draft(const QString& name, const QString& dob, const QString& sex, const QString& cccd = {}, const QString& phone = {})
{
    PersonDraft d;
    d.fullName = name;
    d.birthDate = dob;
    d.sex = sex;
    d.cccd = cccd;
    d.phone = phone;
    return d;
}

QStringList names(const QList<Person>& people)
{
    QStringList out;
    for (const Person& p : people)
        out << p.fullName;
    return out;
}

} // namespace

class TestRegistration : public QObject
{
    Q_OBJECT

private slots:
    void init() { test::failOnSqlWarnings(); }

    void registersANormalisedPerson()
    {
        test::TestSite site;
        RegistrationService reg(site.store(), site.clock(), site.units());
        auto p = reg.registerPerson(site.nurse(),
            draft(QStringLiteral("  nguyễn   văn đức "), QStringLiteral("12/03/1985"), QStringLiteral("Nam"),
                QStringLiteral("001085001234"), QStringLiteral("+84 912-345-678")));
        QVERIFY2(p.ok(), qPrintable(p.ok() ? QString() : p.error().message()));
        QCOMPARE(p->fullName, QStringLiteral("Nguyễn Văn Đức"));
        QCOMPARE(p->birthDate, QDate(1985, 3, 12));
        QCOMPARE(p->sex, Sex::Male);
        QCOMPARE(p->phone, QStringLiteral("+84912345678"));
        QCOMPARE(p->stamp.createdBy, site.nurse().userId());
        QCOMPARE(reg.person(p->stamp.id)->fullName, QStringLiteral("Nguyễn Văn Đức"));
    }

    void badInputNamesEveryFieldAndWritesNothing()
    {
        test::TestSite site;
        RegistrationService reg(site.store(), site.clock(), site.units());
        const qint64 audit = site.count(QStringLiteral("audit_log"));
        const qint64 changes = site.count(QStringLiteral("change_log"));
        auto p = reg.registerPerson(site.nurse(),
            draft(QStringLiteral("Nguyễn 3"), QStringLiteral("2027-01-01"), QStringLiteral("?"), QStringLiteral("0010850012"),
                QStringLiteral("0112345678")));
        QVERIFY(!p.ok());
        QCOMPARE(p.error().code(), ErrorCode::Invalid);
        for (const char* field : {"full_name", "birth_date", "sex", "cccd", "phone"})
            QVERIFY2(p.error().hasField(QLatin1String(field)), field);
        QCOMPARE(site.count(QStringLiteral("person")), 0);
        QCOMPARE(site.count(QStringLiteral("change_log")), changes);
        QCOMPARE(site.count(QStringLiteral("audit_log")), audit);
    }

    void theSameCccdTwiceIsRefusedWithThePersonNamed()
    {
        test::TestSite site;
        RegistrationService reg(site.store(), site.clock(), site.units());
        QVERIFY(reg.registerPerson(site.nurse(),
                       draft(QStringLiteral("Trần Thị Lan"), QStringLiteral("1990-05-06"), QStringLiteral("F"), QStringLiteral("079190004321")))
                    .ok());
        auto again = reg.registerPerson(site.nurse(),
            draft(QStringLiteral("Tran Thi Lan"), QStringLiteral("1990-05-06"), QStringLiteral("F"), QStringLiteral("079190004321")));
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code(), ErrorCode::Conflict);
        QVERIFY(again.error().messageFor(QStringLiteral("cccd")).contains(QStringLiteral("Trần Thị Lan")));
        QCOMPARE(site.count(QStringLiteral("person")), 1);
    }

    void findsByNameWithoutDiacriticsAndByPartOfAName()
    {
        test::TestSite site;
        RegistrationService reg(site.store(), site.clock(), site.units());
        for (const auto& [name, dob] : {std::pair{"Nguyễn Văn Đức", "1985-03-12"}, std::pair{"Nguyễn Văn Dũng", "1979-01-01"},
                 std::pair{"Đặng Thị Đào", "1990-01-01"}, std::pair{"Nguyễn Đức Anh", "2001-07-07"}}) {
            PersonDraft d = draft(QString::fromUtf8(name), QLatin1String(dob), QStringLiteral("M"));
            d.passport = QStringLiteral("P") + QString::number(qHash(QString::fromUtf8(name)) % 10000000).rightJustified(7, QLatin1Char('0'));
            QVERIFY2(reg.registerPerson(site.nurse(), d).ok(), name);
        }
        QCOMPARE(names(reg.search(QStringLiteral("nguyen van duc")).people), QStringList{QStringLiteral("Nguyễn Văn Đức")});
        QCOMPARE(names(reg.search(QStringLiteral("NGUYEN VAN DUC")).people), QStringList{QStringLiteral("Nguyễn Văn Đức")});
        QCOMPARE(names(reg.search(QStringLiteral("dang dao")).people), QStringList{QStringLiteral("Đặng Thị Đào")});
        QStringList partial = names(reg.search(QStringLiteral("nguyen van d")).people);
        partial.sort();
        QCOMPARE(partial, (QStringList{QStringLiteral("Nguyễn Văn Dũng"), QStringLiteral("Nguyễn Văn Đức")}));
        // A whole word before a word start: "duc" ranks Đức over Đức Anh's prefix matches.
        const QList<Person> duc = reg.search(QStringLiteral("duc")).people;
        QCOMPARE(duc.size(), 2);
        QCOMPARE(duc.first().fullName, QStringLiteral("Nguyễn Văn Đức"));
        QCOMPARE(names(reg.search(QStringLiteral("nguyen 2001")).people), QStringList{QStringLiteral("Nguyễn Đức Anh")});
        QCOMPARE(reg.search(QStringLiteral("nguyen")).kind, PersonSearch::Kind::Name);
        QVERIFY(reg.search(QStringLiteral("xyz")).people.isEmpty());
    }

    void findsByIdPhoneAndTheChipCardQr()
    {
        test::TestSite site;
        RegistrationService reg(site.store(), site.clock(), site.units());
        auto p = reg.registerPerson(site.nurse(), draft(QStringLiteral("Lê Minh Tuấn"), QStringLiteral("1992-10-20"),
                                                      QStringLiteral("M"), QStringLiteral("048092001122"), QStringLiteral("0987654321")));
        QVERIFY(p.ok());
        auto byId = reg.search(QStringLiteral("048 092 001 122"));
        QCOMPARE(byId.kind, PersonSearch::Kind::Document);
        QCOMPARE(names(byId.people), QStringList{QStringLiteral("Lê Minh Tuấn")});
        auto byPhone = reg.search(QStringLiteral("+84 987 654 321"));
        QCOMPARE(byPhone.kind, PersonSearch::Kind::Phone);
        QCOMPARE(names(byPhone.people), QStringList{QStringLiteral("Lê Minh Tuấn")});

        const QString qr = QStringLiteral("048092001122|201234567|Lê Minh Tuấn|20101992|Nam|12 Lê Duẩn, Hải Châu, Đà Nẵng|01022022\r\n");
        auto byCard = reg.search(qr);
        QCOMPARE(byCard.kind, PersonSearch::Kind::ChipCard);
        QCOMPARE(names(byCard.people), QStringList{QStringLiteral("Lê Minh Tuấn")});

        // A card of someone not registered yet pre-fills the form: the draft validates as is.
        const QString newCard = QStringLiteral("001190009876||Hoàng Thị Mai|05061990|Nữ|Số 3 Hàng Bạc, Hoàn Kiếm, Hà Nội|15032021");
        auto unknown = reg.search(newCard);
        QVERIFY(unknown.people.isEmpty());
        QVERIFY(unknown.card.has_value());
        auto registered = reg.registerPerson(site.nurse(), unknown.card->toDraft());
        QVERIFY2(registered.ok(), qPrintable(registered.ok() ? QString() : registered.error().message()));
        QCOMPARE(registered->cccd, QStringLiteral("001190009876"));
        QCOMPARE(registered->sex, Sex::Female);
    }

    void anEditChangesOnlyTheFieldsThatChanged()
    {
        test::TestSite site;
        RegistrationService reg(site.store(), site.clock(), site.units());
        auto p = reg.registerPerson(site.nurse(), draft(QStringLiteral("Phạm Thị Hương"), QStringLiteral("1970-02-03"),
                                                      QStringLiteral("F"), QStringLiteral("001170001111")));
        QVERIFY(p.ok());
        PersonDraft d = PersonDraft::fromPerson(p.value());
        d.phone = QStringLiteral("0901234567");
        d.fullName = QStringLiteral("Phạm Thị Thu Hương");
        auto edited = reg.updatePerson(site.nurse(), p->stamp.id, d);
        QVERIFY2(edited.ok(), qPrintable(edited.ok() ? QString() : edited.error().message()));
        QCOMPARE(edited->fullName, QStringLiteral("Phạm Thị Thu Hương"));
        const QJsonObject payload = QJsonDocument::fromJson(site.store().connection()
                                                                .scalar(QStringLiteral("SELECT payload FROM change_log WHERE op = 'update'"))
                                                                .toString()
                                                                .toUtf8())
                                        .object();
        QStringList keys = payload.keys();
        keys.sort();
        QCOMPARE(keys, (QStringList{QStringLiteral("full_name"), QStringLiteral("id"), QStringLiteral("name_folded"), QStringLiteral("phone")}));
        // The search index follows the new name.
        QCOMPARE(names(reg.search(QStringLiteral("thu huong")).people), QStringList{QStringLiteral("Phạm Thị Thu Hương")});

        // Clearing a field on the form clears it.
        d.phone.clear();
        edited = reg.updatePerson(site.nurse(), p->stamp.id, d);
        QVERIFY(edited.ok());
        QVERIFY(edited->phone.isEmpty());
    }

    void registersManyInBatchesAndReportsTheBadOnes()
    {
        test::TestSite site;
        RegistrationService reg(site.store(), site.clock(), site.units());
        QList<PersonDraft> drafts;
        for (int i = 0; i < 25; ++i) {
            PersonDraft d = draft(QStringLiteral("Võ Thị Bích"), QStringLiteral("1988-08-08"), QStringLiteral("F"));
            d.passport = QStringLiteral("N%1").arg(1000000 + i);
            drafts << d;
        }
        drafts[7].birthDate = QStringLiteral("31/02/1988");
        drafts[13].passport = drafts[12].passport;  // a duplicate within one batch
        int calls = 0;
        auto result = reg.registerMany(site.manager(), drafts, 10, [&calls](int, int) {
            ++calls;
            return true;
        });
        QCOMPARE(result.registered, 23);
        QCOMPARE(result.rejected.size(), 2);
        QCOMPARE(result.rejected[0].first, 7);
        QVERIFY(result.rejected[0].second.hasField(QStringLiteral("birth_date")));
        QCOMPARE(result.rejected[1].first, 13);
        QCOMPARE(calls, 3);
        QCOMPARE(site.count(QStringLiteral("person")), 23);
    }
};

QTEST_GUILESS_MAIN(TestRegistration)
#include "tst_registration.moc"
