#pragma once

#include <QStringList>

namespace vax::cli {

class CliContext;

// One function per vaxctl command; each parses its own options and returns the exit code.
int initSite(CliContext& ctx, const QStringList& args);
int demoSite(CliContext& ctx, const QStringList& args);
int checkSite(CliContext& ctx, const QStringList& args);
int addUser(CliContext& ctx, const QStringList& args);
int addPerson(CliContext& ctx, const QStringList& args);
int searchPeople(CliContext& ctx, const QStringList& args);
int showPerson(CliContext& ctx, const QStringList& args);
int receiveStock(CliContext& ctx, const QStringList& args);
int showStock(CliContext& ctx, const QStringList& args);
int transferStock(CliContext& ctx, const QStringList& args);
int returnStock(CliContext& ctx, const QStringList& args);
int incomingStock(CliContext& ctx, const QStringList& args);
int confirmStock(CliContext& ctx, const QStringList& args);
int discardStock(CliContext& ctx, const QStringList& args);
int quarantineStock(CliContext& ctx, const QStringList& args);
int releaseStock(CliContext& ctx, const QStringList& args);
int countStock(CliContext& ctx, const QStringList& args);
int openVial(CliContext& ctx, const QStringList& args);
int listVials(CliContext& ctx, const QStringList& args);
int closeSession(CliContext& ctx, const QStringList& args);
int stockLedger(CliContext& ctx, const QStringList& args);
int stockWastage(CliContext& ctx, const QStringList& args);
int recordDose(CliContext& ctx, const QStringList& args);
int enrollDevice(CliContext& ctx, const QStringList& args);
int syncNow(CliContext& ctx, const QStringList& args);
int syncStatus(CliContext& ctx, const QStringList& args);
int lookupPerson(CliContext& ctx, const QStringList& args);
int attachPerson(CliContext& ctx, const QStringList& args);
int exportBundle(CliContext& ctx, const QStringList& args);
int importBundle(CliContext& ctx, const QStringList& args);

// Runs vaxctl with the arguments after the program name.
int run(const QStringList& arguments);

} // namespace vax::cli
