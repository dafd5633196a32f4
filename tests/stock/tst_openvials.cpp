// The open multi-dose vials the injection station draws from, as a nurse and a second laptop of
// the same site see them: a vial is open from its opening until the session's end discards what
// is left or its last dose is drawn, and a voided dose puts the dose back into its vial (opening
// a used-up one again). The list is kept by the database as records arrive, from this laptop
// or pulled from another, in whatever order a page brings them.
#include "app/services/InjectionService.h"
#include "app/services/StockLedgerService.h"
#include "app/services/VialService.h"
#include "app/store/ClinicalRepository.h"
#include "app/store/StockRepository.h"
#include "tests/support/MemoryFeed.h"
#include "tests/support/Must.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"

#include <QTest>

#include <algorithm>

using namespace vax;
using namespace vax::test;

namespace {

// The site's open vials as "vial drawn/size", in the order the injection station offers them.
QStringList openVials(TestSite& site)
{
    QStringList out;
    for (const OpenVial& v : site.store().stock().openVials(site.store().identity().holderId()))
        out << QStringLiteral("%1 %2/%3").arg(v.vial.stamp.id).arg(v.drawn).arg(v.vial.doses);
    return out;
}

QString open(const QString& vial, int drawn)
{
    return QStringLiteral("%1 %2/10").arg(vial).arg(drawn);
}

QString problems(TestSite& site)
{
    return site.store().checkIntegrity().problems.join(QLatin1Char('\n'));
}

// A nurse at the injection station of one laptop.
struct Station {
    TestSite& site;
    InjectionService injections{site.store(), site.clock()};
    VialService vials{site.store(), site.clock()};
    int people = 0;

    // A dose of the lot to someone new; returns the injection.
    QString dose(const QString& lot)
    {
        DoseRequest d;
        d.personId = site.registerPerson(QStringLiteral("Lương Thị Hoa"), QStringLiteral("1980-01-%1").arg(++people, 2, 10, QLatin1Char('0')));
        d.lotId = lot;
        d.requireScreening = false;
        const QString id = must(injections.record(site.nurse(), d)).injection.stamp.id;
        site.clock().advanceSecs(90);
        return id;
    }
    QString vialOf(const QString& injection)
    {
        const auto i = site.store().clinical().injection(injection);
        return site.store().stock().movement(i->movementId)->vialId;
    }
    void voidDose(const QString& injection) { must(injections.voidInjection(site.nurse(), injection, QStringLiteral("wrong person"))); }
};

} // namespace

class TestOpenVials : public QObject
{
    Q_OBJECT

private slots:
    void init() { failOnSqlWarnings(); }

    void aVialIsOpenUntilItsSessionEndsOrItsLastDoseIsDrawn()
    {
        TestSite site;
        Station s{site};
        const QString lot = site.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABV7001"), 50);
        QVERIFY(openVials(site).isEmpty());

        // Opened ahead of the first person: open, nothing drawn.
        const QString a = must(s.vials.open(site.nurse(), lot)).stamp.id;
        QCOMPARE(openVials(site), QStringList{open(a, 0)});
        const QString first = s.dose(lot);
        s.dose(lot);
        s.dose(lot);
        QCOMPARE(s.vialOf(first), a);
        QCOMPARE(openVials(site), QStringList{open(a, 3)});
        // A voided dose goes back into its vial.
        s.voidDose(first);
        QCOMPARE(openVials(site), QStringList{open(a, 2)});
        QVERIFY2(problems(site).isEmpty(), qPrintable(problems(site)));

        // The session ends: what is left is wasted and the vial is closed.
        QCOMPARE(must(s.vials.closeSession(site.nurse())), 1);
        QVERIFY(openVials(site).isEmpty());
        QCOMPARE(site.store().stock().balance(site.store().identity().holderId(), lot), 40);

        // The next dose opens a vial; its tenth dose uses it up.
        QStringList givenFromB;
        for (int i = 0; i < 9; ++i)
            givenFromB << s.dose(lot);
        const QString b = s.vialOf(givenFromB.first());
        QVERIFY(b != a);
        QCOMPARE(openVials(site), QStringList{open(b, 9)});
        givenFromB << s.dose(lot);
        QVERIFY(openVials(site).isEmpty());
        QVERIFY2(problems(site).isEmpty(), qPrintable(problems(site)));

        // A dose of the used-up vial voided: the vial holds it again and gives it next.
        s.voidDose(givenFromB.at(4));
        QCOMPARE(openVials(site), QStringList{open(b, 9)});
        const QString next = s.dose(lot);
        QCOMPARE(s.vialOf(next), b);
        QVERIFY(openVials(site).isEmpty());

        // Past its discard time the vial is closed by the wastage of what is left in it; the
        // next dose opens another.
        const QString c = s.vialOf(s.dose(lot));
        site.clock().advanceSecs(7 * 3600);
        QCOMPARE(must(s.vials.discardExpired(site.nurse())), 1);
        QVERIFY(openVials(site).isEmpty());
        const QString d = s.vialOf(s.dose(lot));
        QVERIFY(d != c);
        QCOMPARE(openVials(site), QStringList{open(d, 1)});
        QVERIFY2(problems(site).isEmpty(), qPrintable(problems(site)));
    }

    void aVialOfALotAnotherLaptopUsedUpIsNotOffered()
    {
        TestSite a;
        TestSite b;  // the site's other laptop, offline while a gives a dose
        MemoryFeed feed;
        Station s{a};
        const QString lot = a.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABV7002"), 20);
        feed.push(a);
        must(feed.pull(b));
        const QString vial = s.vialOf(s.dose(lot));
        QCOMPARE(openVials(a), QStringList{open(vial, 1)});
        // Not knowing of a's vial, b records both vials of the lot broken.
        must(StockLedgerService(b.store(), b.clock()).discard(b.manager(), lot, QStringLiteral("20"), QStringLiteral("broken")));
        feed.push(b);
        must(feed.pull(a));
        // The ledger has nothing left of the lot here: its open vial is not offered.
        QCOMPARE(a.store().stock().balance(a.store().identity().holderId(), lot), -1);
        QVERIFY(openVials(a).isEmpty());
        QVERIFY2(problems(a).isEmpty(), qPrintable(problems(a)));
    }

    void anotherLaptopOfTheSiteListsTheSameOpenVials()
    {
        TestSite a;
        TestSite b;  // a second laptop of the same site, new: its first pull brings everything
        MemoryFeed feed;
        Station s{a};
        const QString lot = a.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABV7003"), 50);
        auto sync = [&] {
            feed.push(a);
            must(b.store().beginPull());
            must(feed.pull(b));
            must(b.store().endPull(true));
        };

        QStringList doses;
        for (int i = 0; i < 3; ++i)
            doses << s.dose(lot);
        const QString v1 = s.vialOf(doses.first());
        sync();
        QCOMPARE(openVials(b), QStringList{open(v1, 3)});

        s.voidDose(doses.first());
        sync();
        QCOMPARE(openVials(b), QStringList{open(v1, 2)});

        must(s.vials.closeSession(a.nurse()));
        for (int i = 0; i < 10; ++i)
            doses << s.dose(lot);
        const QString v2 = s.vialOf(doses.last());
        sync();
        QVERIFY(openVials(b).isEmpty());  // v1 discarded, v2 used up

        s.voidDose(doses.last());
        const QString v3 = must(s.vials.open(a.nurse(), lot)).stamp.id;
        sync();
        QCOMPARE(openVials(a), (QStringList{open(v2, 9), open(v3, 0)}));
        QCOMPARE(openVials(b), openVials(a));
        QVERIFY2(problems(b).isEmpty(), qPrintable(problems(b)));
    }

    void aDosePulledBeforeItsVialStillCounts()
    {
        TestSite a;
        TestSite b;
        MemoryFeed feed;
        Station s{a};
        const QString lot = a.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABV7004"), 50);
        const QString vial = s.vialOf(s.dose(lot));
        s.dose(lot);
        feed.push(a);
        // A page may hold a record before the one it points to: here the vial comes last.
        QList<RemoteChange> page = feed.pageFor(b);
        std::stable_partition(page.begin(), page.end(), [](const RemoteChange& c) { return c.change.entity != QLatin1String("vial"); });
        QCOMPARE(page.last().change.recordId, vial);
        must(b.store().applyPulled(page, feed.last()));
        QCOMPARE(openVials(b), QStringList{open(vial, 2)});
        QVERIFY2(problems(b).isEmpty(), qPrintable(problems(b)));
    }
};

QTEST_GUILESS_MAIN(TestOpenVials)
#include "tst_openvials.moc"
