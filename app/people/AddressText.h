#pragma once

#include <QString>

namespace vax {

class AdminUnits;
struct Person;

// "12 ngõ 34 phố Đội Cấn, Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội": the street line and
// the names of the units the person's codes point to (as they were when last in force).
QString describeAddress(const Person& person, const AdminUnits& units);

} // namespace vax
