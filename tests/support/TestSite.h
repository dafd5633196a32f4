#pragma once

#include "app/people/AdminUnits.h"
#include "app/services/Session.h"
#include "db/SqliteSiteStore.h"
#include "tests/support/ManualClock.h"

#include <QTemporaryDir>

#include <memory>

namespace vax {
class ScreeningForm;
class VaccineCatalogue;
}

namespace vax::test {

// A fresh site database in a temporary directory, with the catalogue loaded, one user per
// role (fast password hashes), a manual clock, and stock helpers. Real SQLite, real services.
class TestSite
{
public:
    // A laptop of site HN-TEST-01 (of its mobile team `teamCode`); two TestSites of one site
    // code are two laptops of the same site.
    explicit TestSite(const QString& teamCode = {}, const QString& siteCode = QStringLiteral("HN-TEST-01"));
    ~TestSite();

    db::SqliteSiteStore& store() { return *m_store; }
    ManualClock& clock() { return m_clock; }
    const AdminUnits& units() const { return AdminUnits::builtin(); }
    const VaccineCatalogue& catalogue() const { return *m_catalogue; }
    const ScreeningForm& form() const { return *m_form; }
    QString path() const { return m_path; }

    const Session& nurse() const { return m_nurse; }
    const Session& manager() const { return m_manager; }
    const Session& admin() const { return m_admin; }

    // Closes the database and opens it again, as a restarted app would; for what the file holds,
    // the same as a kill (nothing is finished on the way out).
    void reopen();
    // Counts rows of a table (tests look behind the services).
    qint64 count(const QString& table);
    // Receives a lot and returns its id.
    QString receive(const QString& product, const QString& lot, int doses, int expiresInDays = 180);
    // A valid person registered now; returns the id.
    QString registerPerson(const QString& name = QStringLiteral("Nguyễn Văn Đức"), const QString& dob = QStringLiteral("1985-03-12"),
        const QString& sex = QStringLiteral("M"), const QString& cccd = {});

private:
    QTemporaryDir m_dir;
    QString m_path;
    ManualClock m_clock;
    std::unique_ptr<db::SqliteSiteStore> m_store;
    std::unique_ptr<VaccineCatalogue> m_catalogue;
    std::unique_ptr<ScreeningForm> m_form;
    Session m_nurse;
    Session m_manager;
    Session m_admin;
};

} // namespace vax::test
