#pragma once

#include "app/common/Result.h"

#include <QCoreApplication>
#include <QDate>
#include <QString>

namespace vax {

// What the GS1 code on a vaccine pack says: the element string of a GS1 DataMatrix, GS1 QR or
// GS1-128 as a keyboard-wedge scanner types it, or the bracketed human-readable form
// "(01)09506000134352(17)271231(10)ABC123(21)X1".
struct Gs1Scan {
    Q_DECLARE_TR_FUNCTIONS(Gs1Scan)

public:
    QString gtin;     // (01) 14 digits, check digit verified
    QString lot;      // (10) as encoded (Lot::normalizeNumber upper-cases it); empty if absent
    QDate expiry;     // (17) day 00 read as the last day of the month; null if absent
    QDate produced;   // (11) same rules; null if absent
    QString serial;   // (21) empty if absent

    // Reads a scan. `today` (Clock::today()) only places two-digit years: the GS1 rule puts
    // the year within 49 years before and 50 after it.
    //
    // Accepted around the data: surrounding whitespace and CR/LF; a symbology prefix ]d2 (GS1
    // DataMatrix), ]Q3 (GS1 QR), ]C1 (GS1-128) or ]e0 (GS1 DataBar); any other "]xx" is refused.
    // The separator after a variable-length field (FNC1, sent as GS) may come as: the GS
    // character (0x1D), the text "<GS>", "{GS}" or "\x1D" (any case), "~", or U+241D "␝".
    // None of these can occur inside GS1 data (set 82), so none can split a real value.
    //
    // Needs (01); an unknown AI is skipped (fixed-length ones by their length, the others up
    // to the next separator), but text that is no AI at all is refused. Errors are on the
    // fields "gtin", "expiry", "produced", "lot", "serial", or "scan" for the whole code,
    // and say how to fix them (rescan, or type the value from the label).
    static Result<Gs1Scan> parse(const QString& scanned, const QDate& today);

    bool operator==(const Gs1Scan&) const = default;
};

} // namespace vax
