// stockbench: figures for the stock ledger at scale. Prints figures; no timing decides the exit
// status, only whether the app's stock figures are right.
//
//   stockbench [--db FILE] [--movements 1000000] [--days 730] [--teams 3] [--seed 2024]
//              [--runs 200] [--seconds 10] [--json FILE] [--integrity]
//
// 1. Makes a site database of about N stock movements unless --db names one that exists
//    (LedgerGenerator: a site and its mobile teams over two years, every record through the
//    real write path, the teams' work reaching the site's file as pulled changes). Without
//    --db the file goes to a temporary folder and is removed at the end; with it, the file is
//    kept and a later run measures it again without making it.
// 2. Checks that the app's stock figures equal plain aggregates over the same table
//    (LedgerCheck; with --integrity, also everything vaxctl check verifies). Exit status 1 when
//    anything disagrees.
// 3. Times the app's stock queries beside plain aggregates in the same run (StockBenchmark).
#include "app/common/TimeText.h"
#include "app/vaccines/VaccineCatalogue.h"
#include "db/Connection.h"
#include "db/SqliteSiteStore.h"
#include "tests/support/ManualClock.h"
#include "tools/common/Machine.h"
#include "tools/stockbench/LedgerCheck.h"
#include "tools/stockbench/LedgerGenerator.h"
#include "tools/stockbench/StockBenchmark.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTemporaryDir>

using namespace vax;

namespace {

const db::SiteSeed kSite{QStringLiteral("HN-BD-PX01"), QStringLiteral("Trạm Y tế phường Phúc Xá"), QStringLiteral("01"), {}, {}};

// Where the benchmark stands: 10:30 on the last working day (Monday to Friday) up to today,
// with the morning's vials open at every holder.
QDateTime standingMoment(QDate day)
{
    while (day.dayOfWeek() > Qt::Friday)
        day = day.addDays(-1);
    return QDateTime(day, QTime(10, 30));
}

double megabytes(const QString& path)
{
    return double(QFileInfo(path).size() + QFileInfo(path + QStringLiteral("-wal")).size()) / 1048576.0;
}

void printShape(QTextStream& out, const QJsonObject& shape)
{
    auto list = [](const QJsonObject& counts) {
        QStringList parts;
        for (auto it = counts.begin(); it != counts.end(); ++it)
            parts << QStringLiteral("%1 %2").arg(it.key()).arg(it.value().toInteger());
        return parts.join(QStringLiteral(", "));
    };
    out << QStringLiteral("Ledger: %1 movements from %2 to %3 at %4 holders, %5 lots, %6 vials opened (%7 open at the site now, %8 sent and not yet confirmed)")
               .arg(shape[QStringLiteral("movements")].toInteger())
               .arg(shape[QStringLiteral("first_day")].toString(), shape[QStringLiteral("last_day")].toString())
               .arg(shape[QStringLiteral("holders")].toInteger())
               .arg(shape[QStringLiteral("lots")].toInteger())
               .arg(shape[QStringLiteral("vials")].toInteger())
               .arg(shape[QStringLiteral("open_vials_site")].toInteger())
               .arg(shape[QStringLiteral("in_transit_from_site")].toInteger())
        << Qt::endl;
    out << "  by kind: " << list(shape[QStringLiteral("by_kind")].toObject()) << Qt::endl;
    out << "  wastage by reason: " << list(shape[QStringLiteral("wastage_by_reason")].toObject()) << Qt::endl;
    out << QStringLiteral("  doses drawn from a named vial: %1; change log %2 entries, audit log %3")
               .arg(shape[QStringLiteral("doses_with_vial")].toInteger())
               .arg(shape[QStringLiteral("change_log")].toInteger())
               .arg(shape[QStringLiteral("audit_log")].toInteger())
        << Qt::endl;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("vax.*.info=false"));
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Prints VaxStation stock ledger figures beside plain aggregates, and checks the app's figures."));
    p.addHelpOption();
    p.addOption({QStringLiteral("db"), QStringLiteral("Site database to measure (made and kept if missing)."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("movements"), QStringLiteral("Stock movements in a new database."), QStringLiteral("N"), QStringLiteral("1000000")});
    p.addOption({QStringLiteral("days"), QStringLiteral("Days the new ledger covers."), QStringLiteral("N"), QStringLiteral("730")});
    p.addOption({QStringLiteral("teams"), QStringLiteral("Mobile teams of the site."), QStringLiteral("N"), QStringLiteral("3")});
    p.addOption({QStringLiteral("seed"), QStringLiteral("Seed of the new ledger."), QStringLiteral("N"), QStringLiteral("2024")});
    p.addOption({QStringLiteral("runs"), QStringLiteral("Runs of each query at the most."), QStringLiteral("N"), QStringLiteral("200")});
    p.addOption({QStringLiteral("seconds"), QStringLiteral("Seconds spent on each query at the most (5 runs at least)."), QStringLiteral("S"),
        QStringLiteral("10")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Also write the figures as JSON here."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("integrity"), QStringLiteral("Also run vaxctl check's verification (slow on a big file).")});
    p.process(app);
    QTextStream out(stdout);
    const qint64 target = p.value(QStringLiteral("movements")).toLongLong();
    const int days = p.value(QStringLiteral("days")).toInt();
    const int teams = p.value(QStringLiteral("teams")).toInt();
    if (target < 1000 || days < 30 || teams < 1) {
        out << "stockbench: --movements must be 1000 or more, --days 30 or more, --teams 1 or more" << Qt::endl;
        return 2;
    }
    QTemporaryDir scratch;
    const QString path = p.isSet(QStringLiteral("db")) ? p.value(QStringLiteral("db")) : scratch.filePath(QStringLiteral("stockbench.vaxdb"));
    out << bench::machineLine(QStringLiteral("VaxStation stock benchmark")) << Qt::endl;

    test::ManualClock clock(standingMoment(QDate::currentDate()));
    QJsonObject figures{{QStringLiteral("machine"), bench::machineLine(QStringLiteral("VaxStation stock benchmark"))}};
    std::unique_ptr<db::SqliteSiteStore> store;
    if (QFileInfo::exists(path)) {
        auto opened = db::SqliteSiteStore::open(path, clock);
        if (!opened.ok()) {
            out << "stockbench: " << opened.error().message() << Qt::endl;
            return 1;
        }
        store = std::move(opened).value();
        const QString last = store->connection().scalar(QStringLiteral("SELECT max(occurred_at) FROM stock_movement")).toString();
        clock.set(standingMoment(QDate::fromString(last.left(10), Qt::ISODate)));
        out << QStringLiteral("Measuring %1 as it is (%2 MB)").arg(path).arg(megabytes(path), 0, 'f', 0) << Qt::endl;
    } else {
        const auto catalogue = VaccineCatalogue::builtin();
        bench::GeneratorOptions options;
        options.movements = target;
        options.days = days;
        options.teams = teams;
        options.seed = p.value(QStringLiteral("seed")).toUInt();
        options.end = clock.now();
        options.teamDir = scratch.path();
        clock.set(options.end.addDays(1 - days));
        auto created = db::SqliteSiteStore::create(path, kSite, clock);
        if (!created.ok() || !catalogue.ok()) {
            out << "stockbench: " << (created.ok() ? catalogue.error().message() : created.error().message()) << Qt::endl;
            return 1;
        }
        store = std::move(created).value();
        out << QStringLiteral("Making %1: about %2 stock movements of a site and %3 mobile teams over %4 days…").arg(path).arg(target).arg(teams).arg(days)
            << Qt::endl;
        QElapsedTimer t;
        t.start();
        bench::LedgerGenerator generator(*store, clock, catalogue.value(), options);
        auto made = generator.run([&out](const QString& step) { out << "  " << step << Qt::endl; });
        if (!made.ok()) {
            out << "stockbench: " << made.error().message() << Qt::endl;
            return 1;
        }
        clock.set(options.end);
        // As after the app closes: the write-ahead log folded into the file.
        (void)store->connection().exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        const double secs = double(t.elapsed()) / 1000.0;
        out << QStringLiteral("  %1 movements (%2 doses), %3 vials, %4 lots in %5 s (%6 movements a second, team work relayed: %7 changes); file %8 MB")
                   .arg(made->movements)
                   .arg(made->doses)
                   .arg(made->vials)
                   .arg(made->lots)
                   .arg(secs, 0, 'f', 1)
                   .arg(double(made->movements) / secs, 0, 'f', 0)
                   .arg(made->relayed)
                   .arg(megabytes(path), 0, 'f', 0)
            << Qt::endl;
        figures.insert(QStringLiteral("generated"),
            QJsonObject{{QStringLiteral("movements"), made->movements}, {QStringLiteral("doses"), made->doses},
                {QStringLiteral("vials"), made->vials}, {QStringLiteral("lots"), made->lots}, {QStringLiteral("relayed"), made->relayed},
                {QStringLiteral("seconds"), secs}, {QStringLiteral("rss_mb"), double(bench::rssKb()) / 1024.0}});
    }
    figures.insert(QStringLiteral("file_mb"), megabytes(path));
    out << QStringLiteral("Standing at %1").arg(toIsoWithOffset(clock.now())) << Qt::endl;

    bench::LedgerCheck check(*store, clock);
    const QJsonObject shape = check.shape();
    printShape(out, shape);
    figures.insert(QStringLiteral("ledger"), shape);
    const QStringList problems = check.verify(p.isSet(QStringLiteral("integrity")));
    if (problems.isEmpty()) {
        out << "Check: the app's on hand, flows, wastage, daily figures, open vials, lot choices and lot ledger equal plain SQL"
            << (p.isSet(QStringLiteral("integrity")) ? "; vaxctl check passes" : "") << Qt::endl;
    } else {
        out << "Check FAILED:" << Qt::endl;
        for (const QString& problem : problems)
            out << "  " << problem << Qt::endl;
    }
    for (const QString& note : check.notes())
        out << "  note: " << note << Qt::endl;
    figures.insert(QStringLiteral("checks"),
        QJsonObject{{QStringLiteral("ok"), problems.isEmpty()}, {QStringLiteral("problems"), QJsonArray::fromStringList(problems)},
            {QStringLiteral("notes"), QJsonArray::fromStringList(check.notes())}});

    bench::Repetitions runs;
    runs.most = std::max(1, p.value(QStringLiteral("runs")).toInt());
    runs.least = std::min(runs.least, runs.most);
    runs.seconds = p.value(QStringLiteral("seconds")).toDouble();
    figures.insert(QStringLiteral("queries"), bench::StockBenchmark(*store, clock, out, runs).run());
    if (p.isSet(QStringLiteral("json"))) {
        QFile f(p.value(QStringLiteral("json")));
        if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(figures).toJson()) < 0) {
            out << "stockbench: cannot write " << f.fileName() << Qt::endl;
            return 1;
        }
    }
    return problems.isEmpty() ? 0 : 1;
}
