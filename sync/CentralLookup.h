#pragma once

#include "app/common/Result.h"
#include "app/store/SiteStore.h"

#include <QList>
#include <QString>

#include <functional>

namespace vax::sync {

class CentralApi;

// A person central knows, as its lookup lists them (registered at any site).
struct CentralPerson {
    QString id;
    QString siteId;
    QString fullName;
    QString birthDate;
    QString cccd;
    QString cmnd;
    QString passport;
    QString phone;
    int doses = 0;
};

// Cross-site lookup (docs/sync-protocol.md): find a person registered elsewhere by CCCD,
// CMND, passport, phone or name, and attach them to this site: their record and every dose
// come now, and what other sites record for them later comes with every pull.
class CentralLookup
{
public:
    CentralLookup(SiteStore& store, CentralApi& api);

    void find(const QString& text, std::function<void(Result<QList<CentralPerson>>)> done);
    // Brings the person and their history here (applied like a pulled page).
    void attach(const QString& personId, std::function<void(Result<ApplyReport>)> done);

private:
    SiteStore& m_store;
    CentralApi& m_api;
};

} // namespace vax::sync
