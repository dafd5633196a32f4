#include "app/clinical/ScreeningForm.h"
#include "app/common/Clock.h"
#include "app/people/AdminUnits.h"
#include "db/SqliteSiteStore.h"
#include "sync/SyncController.h"
#include "ui/AppContext.h"
#include "ui/MainWindow.h"
#include "ui/common/MessageBox.h"
#include "ui/login/LoginDialog.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QStandardPaths>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("VaxStation"));
    QApplication::setOrganizationName(QStringLiteral("VaxStation"));
    QApplication::setApplicationVersion(QStringLiteral(VAX_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "VaxStation: the vaccination site app."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QString defaultDb = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("site.vaxdb"));
    parser.addOption({QStringLiteral("db"), QApplication::translate("main", "The site database (default %1).").arg(defaultDb),
        QStringLiteral("FILE"), defaultDb});
    parser.process(app);

    vax::SystemClock clock;
    const QString path = parser.value(QStringLiteral("db"));
    auto store = vax::db::SqliteSiteStore::open(path, clock);
    if (!store.ok()) {
        vax::MessageBox::warning(nullptr, QApplication::translate("main", "VaxStation"), store.error().message());
        return 1;
    }
    auto form = vax::ScreeningForm::builtin();
    if (!form.ok()) {
        vax::MessageBox::warning(nullptr, QApplication::translate("main", "VaxStation"), form.error().message());
        return 1;
    }
    vax::AppContext context(*store.value(), clock, vax::AdminUnits::builtin(), form.value());
    // Sync runs on its own thread with its own connection to the same file; it starts working
    // as soon as the device is enrolled (at once if it already is).
    vax::sync::SyncController sync(
        [path, &clock]() -> vax::Result<std::unique_ptr<vax::SiteStore>> {
            auto own = vax::db::SqliteSiteStore::open(path, clock);
            if (!own.ok())
                return own.error();
            return std::unique_ptr<vax::SiteStore>(std::move(own).value());
        },
        path, clock);
    context.setSyncController(&sync);
    vax::LoginDialog login(context);
    if (login.exec() != QDialog::Accepted)
        return 0;
    vax::MainWindow window(context);
    window.show();
    return app.exec();
}
