#include "SiteBenchmark.h"

#include "app/auth/User.h"
#include "app/common/Clock.h"
#include "app/common/Uuid.h"
#include "app/people/AdminUnits.h"
#include "app/people/NameText.h"
#include "app/services/InjectionService.h"
#include "app/services/RegistrationService.h"
#include "app/services/StockService.h"
#include "app/store/UserRepository.h"
#include "db/Connection.h"
#include "db/Statement.h"
#include "db/SqliteSiteStore.h"

#include <QElapsedTimer>
#include <QRandomGenerator>

namespace vax::bench {

namespace {

struct Sample {
    QString id;
    QString name;
    QString birthYear;
    QString cccd;
    QString phone;
};

QList<Sample> samplePeople(db::Connection& c, int n, quint32 seed)
{
    const qint64 max = c.scalar(QStringLiteral("SELECT max(pk) FROM person")).toLongLong();
    QRandomGenerator random(seed);
    QList<Sample> out;
    QSqlQuery& q = c.prepared(QStringLiteral("SELECT id, full_name, substr(birth_date, 1, 4), cccd, phone FROM person WHERE pk >= ? LIMIT 1"));
    while (out.size() < n) {
        q.bindValue(0, qint64(random.bounded(quint64(max))) + 1);
        if (q.exec() && q.next())
            out << Sample{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(), q.value(4).toString()};
        q.finish();
    }
    return out;
}

} // namespace

SiteBenchmark::SiteBenchmark(db::SqliteSiteStore& store, const Clock& clock, QTextStream& out)
    : m_store(store)
    , m_clock(clock)
    , m_out(out)
{
}

QJsonObject SiteBenchmark::lookups(int queries, quint32 seed)
{
    RegistrationService registration(m_store, m_clock, AdminUnits::builtin());
    const QList<Sample> people = samplePeople(m_store.connection(), queries, seed);
    Stats fullName, partial, givenAndYear, allNames, cccd, phone;
    int found = 0;
    int searched = 0;
    for (const Sample& p : people) {
        const QStringList words = NameText::tokens(p.name);
        // What a nurse types: the whole name without marks; family + middle + the first letter
        // of the given name; the given name with the birth year.
        const QString whole = words.join(QLatin1Char(' '));
        QStringList start = words.mid(0, words.size() - 1);
        start << words.last().left(1);
        const QString prefix = start.join(QLatin1Char(' '));
        const QString givenYear = words.last() + QLatin1Char(' ') + p.birthYear;
        for (auto [text, stats] : {std::pair{whole, &fullName}, std::pair{prefix, &partial}, std::pair{givenYear, &givenAndYear}}) {
            PersonSearch result;
            const double t = micros([&] { result = registration.search(text, 50); });
            stats->add(t);
            allNames.add(t);
            ++searched;
            for (const Person& hit : result.people) {
                if (hit.stamp.id == p.id) {
                    ++found;
                    break;
                }
            }
        }
        if (!p.cccd.isEmpty())
            cccd.add(micros([&] { (void)registration.search(p.cccd, 50); }));
        if (!p.phone.isEmpty())
            phone.add(micros([&] { (void)registration.search(p.phone, 50); }));
    }
    auto line = [this](const char* what, const Stats& s) {
        m_out << QStringLiteral("  %1 p50 %2 ms  p95 %3 ms  max %4 ms  (n=%5)")
                     .arg(QLatin1String(what), -28)
                     .arg(s.p50() / 1000.0, 7, 'f', 3)
                     .arg(s.p95() / 1000.0, 7, 'f', 3)
                     .arg(s.max() / 1000.0, 7, 'f', 2)
                     .arg(s.samples.size())
              << Qt::endl;
    };
    m_out << "Lookups through RegistrationService::search (limit 50):" << Qt::endl;
    line("name, all kinds", allNames);
    line("  whole name, no marks", fullName);
    line("  family middle + initial", partial);
    line("  given name + birth year", givenAndYear);
    line("CCCD", cccd);
    line("phone", phone);
    m_out << QStringLiteral("  the person sought was among the results in %1 of %2 name searches").arg(found).arg(searched) << Qt::endl;
    return QJsonObject{{QStringLiteral("name"), toJson(allNames)}, {QStringLiteral("name_whole"), toJson(fullName)},
        {QStringLiteral("name_prefix"), toJson(partial)}, {QStringLiteral("name_given_year"), toJson(givenAndYear)},
        {QStringLiteral("cccd"), toJson(cccd)}, {QStringLiteral("phone"), toJson(phone)},
        {QStringLiteral("found_fraction"), double(found) / double(std::max(1, searched))}};
}

QJsonObject SiteBenchmark::injections(int count)
{
    db::Connection& c = m_store.connection();
    // Baseline: the plainest durable write SQLite does here, one small row per transaction
    // through raw prepared statements, same file, same pragmas.
    (void)c.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS bench_plain (id TEXT PRIMARY KEY, payload TEXT)"));
    db::Statement& begin = c.statement(QStringLiteral("BEGIN IMMEDIATE"));
    db::Statement& insert = c.statement(QStringLiteral("INSERT INTO bench_plain (id, payload) VALUES (?, ?)"));
    db::Statement& commit = c.statement(QStringLiteral("COMMIT"));
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < count; ++i) {
        begin.exec();
        insert.bind(0, Uuid::v7()).bind(1, QStringLiteral("plain row %1").arg(i)).exec();
        commit.exec();
    }
    const double plainRate = double(count) / (double(t.nsecsElapsed()) / 1e9);
    (void)c.exec(QStringLiteral("DROP TABLE bench_plain"));

    // The real thing: InjectionService::record, each dose its own transaction (stock check,
    // dose number from history, injection + dose-given movement + change log + audit).
    const auto nurse = m_store.users().byUsername(QStringLiteral("nurse"));
    const auto manager = m_store.users().byUsername(QStringLiteral("manager"));
    if (!nurse || !manager) {
        m_out << "(no demo users: run vaxctl demo first)" << Qt::endl;
        return {};
    }
    StockService stock(m_store, m_clock);
    auto lot = stock.receive(Session{*manager}, {QStringLiteral("VEROCELL"), QStringLiteral("BENCH%1").arg(QDateTime::currentSecsSinceEpoch()),
                                                    m_clock.today().addYears(1).toString(Qt::ISODate), QString::number(count + 10), {}, {}});
    if (!lot.ok()) {
        m_out << lot.error().message() << Qt::endl;
        return {};
    }
    const QList<Sample> people = samplePeople(c, count, 7);
    InjectionService injections(m_store, m_clock);
    Stats latency;
    t.restart();
    int failed = 0;
    for (const Sample& p : people) {
        DoseRequest d;
        d.personId = p.id;
        d.lotId = lot->lot.stamp.id;
        d.requireScreening = false;
        latency.add(micros([&] {
            if (!injections.record(Session{*nurse}, d).ok())
                ++failed;
        }));
    }
    const double injectionRate = double(count) / (double(t.nsecsElapsed()) / 1e9);
    m_out << "Writes, one transaction each (WAL, synchronous=NORMAL):" << Qt::endl;
    m_out << QStringLiteral("  plain one-row insert + commit   %1 /s").arg(plainRate, 9, 'f', 0) << Qt::endl;
    m_out << QStringLiteral("  injection recorded              %1 /s   (p50 %2 ms, p95 %3 ms, %4 failed)")
                 .arg(injectionRate, 9, 'f', 0)
                 .arg(latency.p50() / 1000.0, 0, 'f', 3)
                 .arg(latency.p95() / 1000.0, 0, 'f', 3)
                 .arg(failed)
          << Qt::endl;
    m_out << QStringLiteral("  ratio injection / plain insert  %1   (target ≥ 0.25)").arg(injectionRate / plainRate, 0, 'f', 3) << Qt::endl;
    return QJsonObject{{QStringLiteral("plain_insert_per_s"), plainRate}, {QStringLiteral("injection_per_s"), injectionRate},
        {QStringLiteral("ratio"), injectionRate / plainRate}, {QStringLiteral("injection_latency"), toJson(latency)},
        {QStringLiteral("failed"), failed}};
}

} // namespace vax::bench
