#include "app/clinical/ScreeningForm.h"
#include "app/common/Clock.h"
#include "app/people/AdminUnits.h"
#include "db/SqliteSiteStore.h"
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
    vax::LoginDialog login(context);
    if (login.exec() != QDialog::Accepted)
        return 0;
    vax::MainWindow window(context);
    window.show();
    return app.exec();
}
