#include "app/cli/Commands.h"

#include <QCoreApplication>
#include <QLoggingCategory>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("vaxctl"));
    QCoreApplication::setOrganizationName(QStringLiteral("VaxStation"));
    QCoreApplication::setApplicationVersion(QStringLiteral(VAX_VERSION));
    // Scripts read stdout and stderr: only warnings and errors from the layers below.
    QLoggingCategory::setFilterRules(QStringLiteral("vax.*.info=false\nvax.*.debug=false"));
    return vax::cli::run(QCoreApplication::arguments().mid(1));
}
