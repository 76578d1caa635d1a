//! The festivals a village association plans around, for a given Gregorian year: the
//! traditional ones from the Chinese lunisolar calendar (Spring Festival 正月初一, Lantern
//! 正月十五, Dragon Boat 五月初五, Mid-Autumn 八月十五), Qingming (a solar term, the sun at
//! 15° ecliptic longitude, in Beijing time) and National Day (10月1日, Gregorian).
//!
//! Computed, never typed in: the lunisolar dates and the solar term come from `tyme4rs`
//! (the Shouxing astronomical algorithms, no network, no tables to keep up to date).
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tyme4rs::tyme::lunar::LunarDay;
use tyme4rs::tyme::solar::{SolarDay, SolarTerm};

/// The years the calendar is computed for (the library is reliable far beyond this; the
/// range only keeps nonsense out).
pub const YEARS: std::ops::RangeInclusive<i32> = 1950..=2100;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Festival {
    /// 春节: the first day of the first lunar month.
    SpringFestival,
    /// 元宵节: the fifteenth day of the first lunar month.
    Lantern,
    /// 清明节: the day of the Qingming solar term (about 4–6 April).
    Qingming,
    /// 端午节: the fifth day of the fifth lunar month.
    DragonBoat,
    /// 中秋节: the fifteenth day of the eighth lunar month.
    MidAutumn,
    /// 国庆节: 1 October.
    NationalDay,
}

impl Festival {
    pub const ALL: [Festival; 6] = [
        Festival::SpringFestival,
        Festival::Lantern,
        Festival::Qingming,
        Festival::DragonBoat,
        Festival::MidAutumn,
        Festival::NationalDay,
    ];

    /// A stable code for forms, addresses and the database.
    pub fn code(self) -> &'static str {
        match self {
            Festival::SpringFestival => "spring_festival",
            Festival::Lantern => "lantern",
            Festival::Qingming => "qingming",
            Festival::DragonBoat => "dragon_boat",
            Festival::MidAutumn => "mid_autumn",
            Festival::NationalDay => "national_day",
        }
    }

    pub fn from_code(code: &str) -> Option<Festival> {
        Festival::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The Chinese name, as it goes into a blackout's reason.
    pub fn zh(self) -> &'static str {
        match self {
            Festival::SpringFestival => "春节",
            Festival::Lantern => "元宵节",
            Festival::Qingming => "清明节",
            Festival::DragonBoat => "端午节",
            Festival::MidAutumn => "中秋节",
            Festival::NationalDay => "国庆节",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Festival::SpringFestival => "Spring Festival",
            Festival::Lantern => "Lantern Festival",
            Festival::Qingming => "Qingming",
            Festival::DragonBoat => "Dragon Boat Festival",
            Festival::MidAutumn => "Mid-Autumn Festival",
            Festival::NationalDay => "National Day",
        }
    }

    /// The day this festival falls on in Gregorian `year`; `None` outside [`YEARS`].
    pub fn date(self, year: i32) -> Option<NaiveDate> {
        if !YEARS.contains(&year) {
            return None;
        }
        let lunar = |month: isize, day: usize| {
            LunarDay::new(year as isize, month, day)
                .ok()
                .and_then(|d| to_date(d.get_solar_day()))
        };
        match self {
            Festival::SpringFestival => lunar(1, 1),
            Festival::Lantern => lunar(1, 15),
            Festival::DragonBoat => lunar(5, 5),
            Festival::MidAutumn => lunar(8, 15),
            Festival::Qingming => SolarTerm::new(year as isize, "清明")
                .ok()
                .and_then(|term| to_date(term.get_solar_day())),
            Festival::NationalDay => NaiveDate::from_ymd_opt(year, 10, 1),
        }
    }
}

fn to_date(day: SolarDay) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(
        i32::try_from(day.get_year()).ok()?,
        u32::try_from(day.get_month()).ok()?,
        u32::try_from(day.get_day()).ok()?,
    )
}

/// The year's festivals in calendar order (empty outside [`YEARS`]).
pub fn festivals(year: i32) -> Vec<(Festival, NaiveDate)> {
    let mut days: Vec<(Festival, NaiveDate)> = Festival::ALL
        .into_iter()
        .filter_map(|festival| festival.date(year).map(|day| (festival, day)))
        .collect();
    days.sort_by_key(|(festival, day)| (*day, *festival));
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn on(year: i32, festival: Festival) -> NaiveDate {
        festivals(year)
            .into_iter()
            .find(|(f, _)| *f == festival)
            .map(|(_, d)| d)
            .unwrap()
    }

    #[test]
    fn the_2026_festivals() {
        assert_eq!(
            festivals(2026),
            vec![
                (Festival::SpringFestival, day(2026, 2, 17)),
                (Festival::Lantern, day(2026, 3, 3)),
                (Festival::Qingming, day(2026, 4, 5)),
                (Festival::DragonBoat, day(2026, 6, 19)),
                (Festival::MidAutumn, day(2026, 9, 25)),
                (Festival::NationalDay, day(2026, 10, 1)),
            ]
        );
    }

    #[test]
    fn known_dates_of_other_years() {
        // Published holiday calendars (国务院办公厅 notices) for these years.
        assert_eq!(on(2027, Festival::SpringFestival), day(2027, 2, 6));
        assert_eq!(on(2025, Festival::SpringFestival), day(2025, 1, 29));
        assert_eq!(on(2025, Festival::Qingming), day(2025, 4, 4));
        assert_eq!(on(2025, Festival::DragonBoat), day(2025, 5, 31));
        assert_eq!(on(2025, Festival::MidAutumn), day(2025, 10, 6));
        assert_eq!(on(2024, Festival::SpringFestival), day(2024, 2, 10));
        assert_eq!(on(2024, Festival::Lantern), day(2024, 2, 24));
        assert_eq!(on(2024, Festival::Qingming), day(2024, 4, 4));
        assert_eq!(on(2024, Festival::DragonBoat), day(2024, 6, 10));
        assert_eq!(on(2024, Festival::MidAutumn), day(2024, 9, 17));
        assert_eq!(on(2023, Festival::MidAutumn), day(2023, 9, 29));
        // A year with a leap month (闰二月 in 2023): 端午 is still the fifth month's.
        assert_eq!(on(2023, Festival::DragonBoat), day(2023, 6, 22));
    }

    #[test]
    fn every_year_has_all_six_in_their_seasons() {
        for year in 1990..=2060 {
            let all = festivals(year);
            assert_eq!(all.len(), 6, "{year}");
            let spring = on(year, Festival::SpringFestival);
            assert!(
                spring >= day(year, 1, 21) && spring <= day(year, 2, 20),
                "{year}: {spring}"
            );
            assert_eq!(on(year, Festival::Lantern), spring + chrono::Days::new(14));
            let qingming = on(year, Festival::Qingming);
            assert!(
                qingming >= day(year, 4, 4) && qingming <= day(year, 4, 6),
                "{year}: {qingming}"
            );
            let autumn = on(year, Festival::MidAutumn);
            assert!(
                autumn >= day(year, 9, 7) && autumn <= day(year, 10, 8),
                "{year}: {autumn}"
            );
            assert!(all.windows(2).all(|w| w[0].1 <= w[1].1));
        }
    }

    #[test]
    fn out_of_range_years_have_none() {
        assert!(festivals(1800).is_empty());
        assert!(festivals(3000).is_empty());
        assert_eq!(Festival::from_code("mid_autumn"), Some(Festival::MidAutumn));
        assert_eq!(Festival::from_code("x"), None);
        for f in Festival::ALL {
            assert_eq!(Festival::from_code(f.code()), Some(f));
        }
    }
}
