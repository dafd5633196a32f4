#include "app/demo/DemoPeople.h"
#include "app/services/RegistrationService.h"
#include "app/store/PersonRepository.h"
#include "db/Connection.h"
#include "tests/support/MemoryFeed.h"
#include "tests/support/SchemaShape.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"

#include <QTest>

using namespace vax;
using Central = vax::test::MemoryFeed;

namespace {

constexpr int kPeople = 240;
constexpr int kPage = 40;

// People registered on `site` as a nurse registers them, with documents and phones.
QList<Person> registerPeople(test::TestSite& site, int count)
{
    DemoPeople demo(site.units(), 7);
    QList<PersonDraft> drafts;
    for (int i = 0; i < count; ++i)
        drafts << demo.next(site.clock().today());
    RegistrationService registration(site.store(), site.clock(), site.units());
    const auto bulk = registration.registerMany(site.nurse(), drafts);
    if (!bulk.rejected.isEmpty())
        qFatal("cannot register: %s", qPrintable(bulk.rejected.first().second.message()));
    QList<Person> out;
    QSqlQuery q(site.store().connection().database());
    q.exec(QStringLiteral("SELECT id FROM person ORDER BY pk"));
    while (q.next())
        out << *site.store().persons().byId(q.value(0).toString());
    return out.mid(out.size() - count);
}

// Central's feed for `site` cut in pages of kPage changes, each with its cursor.
QList<QList<RemoteChange>> pagesFor(Central& central, test::TestSite& site)
{
    const QList<RemoteChange> feed = central.pageFor(site);
    QList<QList<RemoteChange>> pages;
    for (qsizetype i = 0; i < feed.size(); i += kPage)
        pages << feed.mid(i, kPage);
    return pages;
}

bool apply(test::TestSite& site, const QList<RemoteChange>& page)
{
    auto r = site.store().applyPulled(page, page.last().globalSeq);
    if (!r.ok())
        qWarning().noquote() << r.error().message();
    return r.ok();
}

QStringList personIndexes(test::TestSite& site)
{
    QStringList out;
    QSqlQuery q(site.store().connection().database());
    q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'person' AND sql IS NOT NULL ORDER BY name"));
    while (q.next())
        out << q.value(0).toString();
    return out;
}

QString firstPullMarker(test::TestSite& site)
{
    return site.store().connection().scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'first_pull'")).toString();
}

bool lists(const PersonSearch& found, const QString& id)
{
    return std::any_of(found.people.cbegin(), found.people.cend(), [&id](const Person& f) { return f.stamp.id == id; });
}

// Found by name and by their document, through the nurse's search.
bool findable(test::TestSite& site, const Person& p)
{
    RegistrationService registration(site.store(), site.clock(), site.units());
    const QString birthYear = p.birthDate.toString(QStringLiteral("yyyy"));
    if (!lists(registration.search(p.fullName + QLatin1Char(' ') + birthYear), p.stamp.id)) {
        qWarning().noquote() << "not found by name:" << p.fullName << birthYear;
        return false;
    }
    for (const QString& document : {p.cccd, p.cmnd, p.passport, p.phone}) {
        if (!document.isEmpty() && !lists(registration.search(document), p.stamp.id)) {
            qWarning().noquote() << "not found by" << document;
            return false;
        }
    }
    return true;
}

QString queryPlan(test::TestSite& site, const QString& sql)
{
    QSqlQuery q(site.store().connection().database());
    q.exec(QStringLiteral("EXPLAIN QUERY PLAN ") + sql);
    QStringList out;
    while (q.next())
        out << q.value(3).toString();
    return out.join(QLatin1Char('\n'));
}

QString problems(test::TestSite& site)
{
    return site.store().checkIntegrity().problems.join(QLatin1Char('\n'));
}

} // namespace

class TestFirstPull : public QObject
{
    Q_OBJECT

private slots:
    void init() { test::failOnSqlWarnings(); }

    void aFirstPullBuildsItsIndexesAndNameSearchAtItsEnd()
    {
        test::TestSite a;
        test::TestSite b;
        Central central;
        const QList<Person> people = registerPeople(a, kPeople);
        central.push(a);
        const QStringList schema = test::schemaShape(b.store().connection());
        const QStringList indexes = personIndexes(b);
        QCOMPARE(indexes, (QStringList{QStringLiteral("person_cccd"), QStringLiteral("person_cmnd"), QStringLiteral("person_passport"),
                              QStringLiteral("person_phone")}));

        QVERIFY(b.store().beginPull().ok());
        QVERIFY(personIndexes(b).isEmpty());
        const auto pages = pagesFor(central, b);
        QVERIFY(pages.size() >= 5);
        for (const auto& page : pages) {
            QVERIFY(apply(b, page));
            // Meanwhile the people wait for name search, and are still found (by scans).
            QVERIFY(personIndexes(b).isEmpty());
            QCOMPARE(b.count(QStringLiteral("fts_pending")), b.count(QStringLiteral("person")));
            const Person& last = people.at(int(b.count(QStringLiteral("person"))) - 1);
            QVERIFY2(findable(b, last), qPrintable(last.fullName));
        }
        QVERIFY(b.store().endPull(true).ok());

        // Exactly the schema's indexes and triggers, every person in name search.
        QCOMPARE(test::schemaShape(b.store().connection()), schema);
        QCOMPARE(test::searchIndexProblem(b.store().connection()), QString());
        QCOMPARE(b.count(QStringLiteral("fts_pending")), 0);
        QCOMPARE(firstPullMarker(b), QString());
        const IntegrityReport report = b.store().checkIntegrity();
        QVERIFY2(report.ok(), qPrintable(report.problems.join(QLatin1Char('\n'))));
        QVERIFY2(report.warnings.isEmpty(), qPrintable(report.warnings.join(QLatin1Char('\n'))));
        for (const Person& p : people)
            QVERIFY2(findable(b, p), qPrintable(p.fullName));
        QVERIFY2(queryPlan(b, QStringLiteral("SELECT id FROM person WHERE cccd = '001090000001'")).contains(QStringLiteral("person_cccd")),
            qPrintable(queryPlan(b, QStringLiteral("SELECT id FROM person WHERE cccd = '001090000001'"))));

        // vaxctl check tells a person name search lost.
        QVERIFY(b.store().connection().exec(QStringLiteral("INSERT INTO person_fts (person_fts, rowid, name_folded) "
                                                           "SELECT 'delete', pk, name_folded FROM person LIMIT 1")).ok());
        QVERIFY2(problems(b).contains(QStringLiteral("cannot be found by name")), qPrintable(problems(b)));
    }

    void aFirstPullKilledHalfWayResumesWithoutTheIndexes()
    {
        test::TestSite a;
        test::TestSite b;
        Central central;
        const QList<Person> people = registerPeople(a, kPeople);
        central.push(a);
        const QStringList schema = test::schemaShape(b.store().connection());
        const auto pages = pagesFor(central, b);
        QVERIFY(b.store().beginPull().ok());
        for (int i = 0; i < 3; ++i)
            QVERIFY(apply(b, pages.at(i)));
        b.reopen();  // killed: the pull never ended

        // The next pull goes on as the first one went: nothing was built in between.
        QVERIFY(!firstPullMarker(b).isEmpty());
        QVERIFY(b.store().beginPull().ok());
        QVERIFY(personIndexes(b).isEmpty());
        QCOMPARE(b.count(QStringLiteral("fts_pending")), 3 * kPage);
        for (qsizetype i = 3; i < pages.size(); ++i)
            QVERIFY(apply(b, pages.at(i)));
        QVERIFY(b.store().endPull(true).ok());

        QCOMPARE(test::schemaShape(b.store().connection()), schema);
        QCOMPARE(test::searchIndexProblem(b.store().connection()), QString());
        QCOMPARE(firstPullMarker(b), QString());
        QVERIFY2(b.store().checkIntegrity().ok(), qPrintable(problems(b)));
        for (const Person& p : people)
            QVERIFY2(findable(b, p), qPrintable(p.fullName));
    }

    void aStoppedFirstPullGivesItsIndexesBackWhenNoPullRuns()
    {
        test::TestSite a;
        test::TestSite b;
        Central central;
        const QList<Person> people = registerPeople(a, kPeople);
        central.push(a);
        const QStringList schema = test::schemaShape(b.store().connection());
        const auto pages = pagesFor(central, b);
        QVERIFY(b.store().beginPull().ok());
        for (int i = 0; i < 2; ++i)
            QVERIFY(apply(b, pages.at(i)));
        b.reopen();  // killed, then `vaxctl check` on the file

        QVERIFY2(b.store().checkIntegrity().ok(), qPrintable(problems(b)));
        QCOMPARE(test::schemaShape(b.store().connection()), schema);
        QCOMPARE(test::searchIndexProblem(b.store().connection()), QString());
        QCOMPARE(b.count(QStringLiteral("fts_pending")), 0);
        QCOMPARE(firstPullMarker(b), QStringLiteral("[]"));  // still under way: the next pull goes without them again
        QVERIFY(findable(b, people.at(2 * kPage - 1)));

        QVERIFY(b.store().beginPull().ok());
        QVERIFY(personIndexes(b).isEmpty());
        for (qsizetype i = 2; i < pages.size(); ++i)
            QVERIFY(apply(b, pages.at(i)));
        QVERIFY(b.store().endPull(true).ok());
        QCOMPARE(test::schemaShape(b.store().connection()), schema);
        QCOMPARE(test::searchIndexProblem(b.store().connection()), QString());
        QCOMPARE(firstPullMarker(b), QString());
        QVERIFY2(b.store().checkIntegrity().ok(), qPrintable(problems(b)));
    }

    void whileAFirstPullRunsElsewhereItsIndexesStayDownAndPeopleAreFound()
    {
        test::TestSite a;
        test::TestSite b;
        Central central;
        const QList<Person> people = registerPeople(a, kPeople);
        central.push(a);
        const QStringList schema = test::schemaShape(b.store().connection());
        const auto pages = pagesFor(central, b);
        QVERIFY(b.store().beginPull().ok());
        QVERIFY(apply(b, pages.at(0)));

        // The app's screens (or vaxctl) on their own connection while the sync thread pulls.
        auto other = db::SqliteSiteStore::open(b.path(), b.clock());
        QVERIFY(other.ok());
        const IntegrityReport report = other.value()->checkIntegrity();
        QVERIFY2(report.ok(), qPrintable(report.problems.join(QLatin1Char('\n'))));
        QCOMPARE(report.warnings.size(), 1);
        QVERIFY(report.warnings.first().contains(QStringLiteral("first pull")));
        QVERIFY(personIndexes(b).isEmpty());
        RegistrationService registration(*other.value(), b.clock(), b.units());
        const Person& first = people.first();
        QCOMPARE(registration.search(first.cccd.isEmpty() ? first.passport : first.cccd).people.value(0).stamp.id, first.stamp.id);
        QCOMPARE(registration.search(first.fullName).people.value(0).fullName, first.fullName);

        for (qsizetype i = 1; i < pages.size(); ++i)
            QVERIFY(apply(b, pages.at(i)));
        QVERIFY(b.store().endPull(true).ok());
        QCOMPARE(test::schemaShape(other.value()->connection()), schema);
        QVERIFY(other.value()->checkIntegrity().warnings.isEmpty());
    }

    void aPullThatStopsEarlyLeavesTheBuildToTheNextOne()
    {
        test::TestSite a;
        test::TestSite b;
        Central central;
        registerPeople(a, kPeople);
        central.push(a);
        const QStringList schema = test::schemaShape(b.store().connection());
        const auto pages = pagesFor(central, b);
        QVERIFY(b.store().beginPull().ok());
        QVERIFY(apply(b, pages.at(0)));
        QVERIFY(b.store().endPull(false).ok());  // a cut: central is out of reach
        QVERIFY(personIndexes(b).isEmpty());

        QVERIFY(b.store().beginPull().ok());
        for (qsizetype i = 1; i < pages.size(); ++i)
            QVERIFY(apply(b, pages.at(i)));
        QVERIFY(b.store().endPull(true).ok());
        QCOMPARE(test::schemaShape(b.store().connection()), schema);
        QCOMPARE(test::searchIndexProblem(b.store().connection()), QString());
    }

    void aPersonRenamedWhileWaitingForSearchIsFoundByTheNewName()
    {
        test::TestSite a;
        test::TestSite b;
        Central central;
        const QList<Person> people = registerPeople(a, kPage);
        central.push(a);
        const QString renamed = people.at(3).stamp.id;
        RegistrationService registration(a.store(), a.clock(), a.units());
        PersonDraft d = PersonDraft::fromPerson(people.at(3));
        d.fullName = QStringLiteral("Quách Thị Xuyến");
        QVERIFY(registration.updatePerson(a.nurse(), renamed, d).ok());
        central.push(a);

        QVERIFY(b.store().beginPull().ok());
        const QList<RemoteChange> feed = central.pageFor(b);
        QVERIFY(apply(b, feed.mid(0, kPage)));
        QVERIFY(apply(b, feed.mid(kPage)));  // the rename, of a person not in name search yet
        QVERIFY(b.store().endPull(true).ok());

        QCOMPARE(test::searchIndexProblem(b.store().connection()), QString());
        RegistrationService onB(b.store(), b.clock(), b.units());
        QVERIFY(lists(onB.search(QStringLiteral("quach thi xuyen")), renamed));
        QVERIFY(!lists(onB.search(people.at(3).fullName), renamed));
    }

    void aLaterPullKeepsTheIndexesAndIndexesEachPage()
    {
        test::TestSite a;
        test::TestSite b;
        Central central;
        registerPeople(a, kPage);
        central.push(a);
        QVERIFY(b.store().beginPull().ok());
        QVERIFY(apply(b, central.pageFor(b)));
        QVERIFY(b.store().endPull(true).ok());
        const QStringList schema = test::schemaShape(b.store().connection());

        const QString later = a.registerPerson(QStringLiteral("Khổng Minh Triết"), QStringLiteral("1977-07-07"));
        central.push(a);
        QVERIFY(b.store().beginPull().ok());
        QVERIFY(apply(b, central.pageFor(b)));
        QCOMPARE(test::schemaShape(b.store().connection()), schema);
        QCOMPARE(b.count(QStringLiteral("fts_pending")), 0);
        QVERIFY(findable(b, *b.store().persons().byId(later)));
        QVERIFY(b.store().endPull(true).ok());
        QCOMPARE(test::searchIndexProblem(b.store().connection()), QString());
    }
};

QTEST_GUILESS_MAIN(TestFirstPull)
#include "tst_firstpull.moc"
