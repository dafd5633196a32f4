#pragma once

#include <QJsonObject>
#include <QString>

namespace vax {

// What every record carries (DESIGN.md rule 1): a device-made id, the owning site and team,
// who made it, the device's wall time with offset, and the HLC stamp. The write path in db/
// fills whatever a service left empty.
struct Stamp {
    QString id;
    QString siteId;
    QString teamId;
    QString createdBy;
    QString createdAt;
    QString hlc;

    void writeTo(QJsonObject& record) const;
    static Stamp readFrom(const QJsonObject& record);
};

} // namespace vax
