#pragma once

#include "app/store/SiteStore.h"

namespace vax::db {

class AuditChain;
class Connection;

// What `vaxctl check` runs: SQLite's quick_check, the audit hash chain, every event row
// against the digest its audit entry recorded (an edited or deleted row shows), every row
// against the existence of its audit entry (a row slipped in behind the app's back shows), and
// every cached stock balance against the sum of its ledger, the cached list of open vials
// against the vials' movements, and every person against name
// search (in it, or waiting for it). The site store adds, as warnings, the lots below zero at
// its own holders (OwnStock) and a first pull under way.
class IntegrityCheck
{
public:
    IntegrityCheck(Connection& connection, AuditChain& audit);
    IntegrityReport run();

private:
    void checkSqlite(IntegrityReport& report);
    void checkRecords(IntegrityReport& report);
    void checkLedger(IntegrityReport& report);
    void checkOpenVials(IntegrityReport& report);
    void checkNameSearch(IntegrityReport& report);

    Connection& m_connection;
    AuditChain& m_audit;
};

} // namespace vax::db
