#include "carepack/working_days.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include <pugixml.hpp>

#include "carepack/pipeline.h"
#include "xml_location.h"

namespace carepack {

namespace {

int year_attribute(const pugi::xml_node& n, const char* name, const detail::LineIndex& lines) {
    std::string_view text = n.attribute(name).value();
    int y = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), y);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size())
        throw Failure(lines.of_attribute(n, name), std::string("`") + name + "` should be a year such as 2030");
    return y;
}

}  // namespace

WorkingDayCalendar WorkingDayCalendar::load(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Failure(Location::in_file(file.string()), "cannot read the bank holidays file");
    std::ostringstream s;
    s << in.rdbuf();
    const std::string text = s.str();
    detail::LineIndex lines(text, file.string());
    pugi::xml_document doc;
    auto parsed = doc.load_buffer(text.data(), text.size());
    if (!parsed) throw Failure(lines.at(parsed.offset), detail::describe_parse_error(parsed));
    auto root = doc.child("bank-holidays");
    if (!root) throw Failure(Location::in_file(file.string()), "the root element should be <bank-holidays>");

    WorkingDayCalendar c;
    c.file_ = lines.file();
    c.first_year_ = year_attribute(root, "from", lines);
    c.last_year_ = year_attribute(root, "to", lines);
    std::vector<std::pair<std::int64_t, std::string>> found;
    for (auto year : root.children("year")) {
        for (auto h : year.children("holiday")) {
            auto d = Date::parse_iso(h.attribute("date").value());
            if (!d) throw Failure(lines.of_attribute(h, "date"), "not a date in the form YYYY-MM-DD");
            if (d->year() < c.first_year_ || d->year() > c.last_year_ ||
                d->year() != year.attribute("value").as_int())
                throw Failure(lines.of_attribute(h, "date"),
                              "this holiday is outside its <year> or the years the file covers (from " +
                                  std::to_string(c.first_year_) + " to " + std::to_string(c.last_year_) + ")");
            found.emplace_back(d->days_since_epoch(), h.text().get());
        }
    }
    std::sort(found.begin(), found.end());
    for (auto& [day, name] : found) {
        if (!c.days_.empty() && c.days_.back() == day) continue;
        c.days_.push_back(day);
        c.names_.push_back(std::move(name));
    }
    return c;
}

std::shared_ptr<const WorkingDayCalendar> WorkingDayCalendar::for_jurisdiction(std::string_view jurisdiction) {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const WorkingDayCalendar>, std::less<>> loaded;
    std::lock_guard lock(mutex);
    if (auto it = loaded.find(jurisdiction); it != loaded.end()) return it->second;
    auto c = std::make_shared<const WorkingDayCalendar>(
        load(data_directory() / "data" / std::string(jurisdiction) / "bank-holidays.xml"));
    loaded.emplace(std::string(jurisdiction), c);
    return c;
}

void WorkingDayCalendar::require_covered(const Date& d) const {
    if (d.year() < first_year_ || d.year() > last_year_)
        throw Failure(Location::in_file(file_ ? *file_ : std::string()),
                      "the bank holidays of " + std::to_string(d.year()) + " are not in this file (it covers " +
                          std::to_string(first_year_) + " to " + std::to_string(last_year_) +
                          "), so working days from or to " + d.iso() + " cannot be counted; add that year");
}

bool WorkingDayCalendar::is_bank_holiday(const Date& d) const {
    require_covered(d);
    return std::binary_search(days_.begin(), days_.end(), d.days_since_epoch());
}

std::optional<std::string> WorkingDayCalendar::holiday_name(const Date& d) const {
    require_covered(d);
    auto it = std::lower_bound(days_.begin(), days_.end(), d.days_since_epoch());
    if (it == days_.end() || *it != d.days_since_epoch()) return std::nullopt;
    return names_[static_cast<std::size_t>(it - days_.begin())];
}

bool WorkingDayCalendar::is_working_day(const Date& d) const {
    return d.weekday() <= 5 && !is_bank_holiday(d);
}

Date WorkingDayCalendar::add_working_days(const Date& from, int n) const {
    require_covered(from);
    const int step = n < 0 ? -1 : 1;
    Date d = from;
    for (int left = n < 0 ? -n : n; left > 0;) {
        d = d.add_days(step);
        if (is_working_day(d)) --left;
    }
    return d;
}

std::int64_t WorkingDayCalendar::working_days_between(const Date& from, const Date& to) const {
    require_covered(from);
    require_covered(to);
    if (to < from) return -working_days_between(to, from);
    // Whole weeks have five weekdays; only the remainder is walked day by day.
    const std::int64_t span = days_between(from, to);
    std::int64_t count = span / 7 * 5;
    Date d = from.add_days(span / 7 * 7);
    while (d < to) {
        d = d.add_days(1);
        if (d.weekday() <= 5) ++count;
    }
    const auto lo = std::upper_bound(days_.begin(), days_.end(), from.days_since_epoch());
    const auto hi = std::upper_bound(days_.begin(), days_.end(), to.days_since_epoch());
    for (auto it = lo; it != hi; ++it)
        if (Date::from_days(*it).weekday() <= 5) --count;
    return count;
}

}  // namespace carepack
