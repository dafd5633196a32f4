#pragma once

#include <QString>

#include <array>
#include <optional>
#include <utility>

namespace vax {

// The stable text keys an enum is stored and synced as ("dose_given", "left_arm").
template <typename E, std::size_t N>
class EnumKeys
{
public:
    constexpr explicit EnumKeys(std::array<std::pair<E, const char*>, N> items)
        : m_items(items)
    {
    }

    QString key(E value) const
    {
        for (const auto& [e, k] : m_items) {
            if (e == value)
                return QLatin1String(k);
        }
        return {};
    }

    std::optional<E> fromKey(const QString& key) const
    {
        for (const auto& [e, k] : m_items) {
            if (key == QLatin1String(k))
                return e;
        }
        return std::nullopt;
    }

    const auto& items() const { return m_items; }

private:
    std::array<std::pair<E, const char*>, N> m_items;
};

} // namespace vax
