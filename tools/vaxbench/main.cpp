// vaxbench: figures for the site database at scale. Prints; asserts nothing.
//   vaxbench --db FILE [--persons 1000000] [--queries 500] [--injections 2000]
// Creates FILE as a demo site of that many people if it does not exist (slow, once), then
// measures on it. Injections are added to the file: use a copy you can throw away.
#include "app/clinical/ScreeningForm.h"
#include "app/common/Clock.h"
#include "app/demo/DemoSite.h"
#include "app/people/AdminUnits.h"
#include "app/services/SiteSetup.h"
#include "app/store/PersonRepository.h"
#include "app/vaccines/VaccineCatalogue.h"
#include "db/SqliteSiteStore.h"
#include "tools/common/Machine.h"
#include "tools/vaxbench/SiteBenchmark.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLoggingCategory>

using namespace vax;

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("vax.*.info=false"));
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Prints VaxStation site database figures."));
    p.addHelpOption();
    p.addOption({QStringLiteral("db"), QStringLiteral("Benchmark database (created if missing)."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("persons"), QStringLiteral("People in a new benchmark database."), QStringLiteral("N"), QStringLiteral("1000000")});
    p.addOption({QStringLiteral("queries"), QStringLiteral("People sampled for lookups."), QStringLiteral("N"), QStringLiteral("500")});
    p.addOption({QStringLiteral("injections"), QStringLiteral("Injections to record."), QStringLiteral("N"), QStringLiteral("2000")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Also write the figures as JSON here."), QStringLiteral("FILE")});
    p.process(app);
    QTextStream out(stdout);
    if (!p.isSet(QStringLiteral("db"))) {
        out << "vaxbench: give --db FILE" << Qt::endl;
        return 2;
    }
    const QString path = p.value(QStringLiteral("db"));
    SystemClock clock;
    out << bench::machineLine(QStringLiteral("VaxStation site benchmark")) << Qt::endl;

    if (!QFileInfo::exists(path)) {
        const int persons = p.value(QStringLiteral("persons")).toInt();
        out << QStringLiteral("Creating %1 with %2 demo people…").arg(path).arg(persons) << Qt::endl;
        QElapsedTimer t;
        t.start();
        auto store = db::SqliteSiteStore::create(path, {QStringLiteral("BENCH"), QStringLiteral("Benchmark site"), QStringLiteral("01"), {}, {}}, clock);
        if (!store.ok()) {
            out << store.error().message() << Qt::endl;
            return 1;
        }
        const auto catalogue = VaccineCatalogue::builtin().value();
        const auto form = ScreeningForm::builtin().value();
        DemoOptions options;
        options.persons = persons;
        options.history = false;
        options.today = false;
        DemoSite demo(*store.value(), clock, AdminUnits::builtin(), catalogue, form);
        auto done = demo.populate(options, [&out](const QString& step) { out << "  " << step << Qt::endl; });
        if (!done.ok()) {
            out << done.error().message() << Qt::endl;
            return 1;
        }
        const double secs = double(t.elapsed()) / 1000.0;
        out << QStringLiteral("  registered %1 people in %2 s (%3 per second, validation and write path included)")
                   .arg(done->persons)
                   .arg(secs, 0, 'f', 1)
                   .arg(double(done->persons) / secs, 0, 'f', 0)
            << Qt::endl;
    }
    auto store = db::SqliteSiteStore::open(path, clock);
    if (!store.ok()) {
        out << store.error().message() << Qt::endl;
        return 1;
    }
    out << QStringLiteral("Database: %1 people, %2 MB").arg(store.value()->persons().count()).arg(QFileInfo(path).size() / 1048576) << Qt::endl;
    bench::SiteBenchmark bench(*store.value(), clock, out);
    QJsonObject figures;
    figures.insert(QStringLiteral("lookups"), bench.lookups(p.value(QStringLiteral("queries")).toInt(), 2021));
    figures.insert(QStringLiteral("writes"), bench.injections(p.value(QStringLiteral("injections")).toInt()));
    figures.insert(QStringLiteral("rss_kb"), bench::rssKb());
    out << QStringLiteral("Peak memory now: RSS %1 MB").arg(bench::rssKb() / 1024) << Qt::endl;
    if (p.isSet(QStringLiteral("json"))) {
        QFile f(p.value(QStringLiteral("json")));
        if (f.open(QIODevice::WriteOnly))
            f.write(QJsonDocument(figures).toJson());
    }
    return 0;
}
