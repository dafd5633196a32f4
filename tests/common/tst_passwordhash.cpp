#include "app/auth/PasswordHash.h"

#include <QTest>

using namespace vax;

class TestPasswordHash : public QObject
{
    Q_OBJECT

private slots:
    void verifiesTheRightPasswordOnly()
    {
        const QString stored = PasswordHash::make(QStringLiteral("Mật khẩu-2021"), 2000);
        QVERIFY(stored.startsWith(QStringLiteral("pbkdf2-sha256$2000$")));
        QVERIFY(PasswordHash::verify(QStringLiteral("Mật khẩu-2021"), stored));
        QVERIFY(!PasswordHash::verify(QStringLiteral("mật khẩu-2021"), stored));
        QVERIFY(!PasswordHash::verify(QString(), stored));
    }

    void saltsEveryHash()
    {
        const QString a = PasswordHash::make(QStringLiteral("same password"), 1000);
        const QString b = PasswordHash::make(QStringLiteral("same password"), 1000);
        QVERIFY(a != b);
        QVERIFY(PasswordHash::verify(QStringLiteral("same password"), a));
        QVERIFY(PasswordHash::verify(QStringLiteral("same password"), b));
    }

    void rejectsMalformedStoredHashes()
    {
        QVERIFY(!PasswordHash::verify(QStringLiteral("x"), QString()));
        QVERIFY(!PasswordHash::verify(QStringLiteral("x"), QStringLiteral("md5$abc")));
        QVERIFY(!PasswordHash::verify(QStringLiteral("x"), QStringLiteral("pbkdf2-sha256$0$AAAAAAAAAAAAAAAAAAAAAA==$AAAA")));
    }

    void weakHashesAskForARehash()
    {
        QVERIFY(PasswordHash::needsRehash(PasswordHash::make(QStringLiteral("pw"), 1000)));
        QVERIFY(PasswordHash::needsRehash(QStringLiteral("garbage")));
    }
};

QTEST_GUILESS_MAIN(TestPasswordHash)
#include "tst_passwordhash.moc"
