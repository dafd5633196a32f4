#pragma once

#include "app/common/Stamp.h"

#include <QJsonObject>

#include <optional>

namespace vax {

// Stores, sites and mobile teams form one tree of stock holders; central owns them.
enum class SiteKind { NationalStore, ProvinceStore, DistrictStore, Site, Team };

QString siteKindKey(SiteKind kind);
std::optional<SiteKind> siteKindFromKey(const QString& key);

struct Site {
    Stamp stamp;
    QString code;
    QString name;
    SiteKind kind = SiteKind::Site;
    QString parentId;
    QString provinceCode;
    QString address;
    bool active = true;

    bool isStore() const { return kind == SiteKind::NationalStore || kind == SiteKind::ProvinceStore || kind == SiteKind::DistrictStore; }
    static QString idFor(const QString& code);  // central's id for a site code
    QJsonObject toRecord() const;
    static Site fromRecord(const QJsonObject& record);
};

} // namespace vax
