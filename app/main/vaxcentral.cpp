#include "server/CentralCli.h"

#include <QCoreApplication>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("vaxcentral"));
    QCoreApplication::setOrganizationName(QStringLiteral("VaxStation"));
    QCoreApplication::setApplicationVersion(QStringLiteral(VAX_VERSION));
    return vax::server::runCentral(QCoreApplication::arguments().mid(1));
}
