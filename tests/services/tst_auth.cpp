#include "app/services/AuthService.h"
#include "db/Connection.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"

#include <QTest>

using namespace vax;

class TestAuth : public QObject
{
    Q_OBJECT

private slots:
    void init() { test::failOnSqlWarnings(); }

    void logsInWithTheRightPasswordAndAuditsEveryTry()
    {
        test::TestSite site;
        AuthService auth(site.store());
        auto& c = site.store().connection();
        QVERIFY(!auth.login(QStringLiteral("nurse"), QStringLiteral("wrong")).ok());
        QVERIFY(!auth.login(QStringLiteral("nobody"), QStringLiteral("password-nurse")).ok());
        auto session = auth.login(QStringLiteral("Nurse "), QStringLiteral("password-nurse"));
        QVERIFY(session.ok());
        QCOMPARE(session->user.role, Role::Nurse);
        QCOMPARE(c.scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'login_failed'")).toInt(), 2);
        QCOMPARE(c.scalar(QStringLiteral("SELECT user_id FROM audit_log WHERE action = 'login'")).toString(), site.nurse().userId());
        QVERIFY(site.store().checkIntegrity().ok());
    }

    void onlyAdministratorsAddUsersAndBadInputIsNamed()
    {
        test::TestSite site;
        AuthService auth(site.store());
        auto refused = auth.createUser(&site.nurse(), {QStringLiteral("newnurse"), QStringLiteral("Mai"), Role::Nurse, QStringLiteral("long enough")}, 1000);
        QCOMPARE(refused.error().code(), ErrorCode::Forbidden);
        auto bad = auth.createUser(&site.admin(), {QStringLiteral("a b"), QString(), Role::Nurse, QStringLiteral("short")}, 1000);
        QVERIFY(bad.error().hasField(QStringLiteral("username")));
        QVERIFY(bad.error().hasField(QStringLiteral("full_name")));
        QVERIFY(bad.error().hasField(QStringLiteral("password")));
        auto taken = auth.createUser(&site.admin(), {QStringLiteral("NURSE"), QStringLiteral("Mai"), Role::Nurse, QStringLiteral("long enough")}, 1000);
        QVERIFY(taken.error().hasField(QStringLiteral("username")));
        auto made = auth.createUser(&site.admin(), {QStringLiteral("mai.nt"), QStringLiteral("Nguyễn Thị Mai"), Role::Nurse, QStringLiteral("long enough")}, 1000);
        QVERIFY(made.ok());
        QVERIFY(auth.login(QStringLiteral("mai.nt"), QStringLiteral("long enough")).ok());
    }
};

QTEST_GUILESS_MAIN(TestAuth)
#include "tst_auth.moc"
