//! Credit scoring, model v1: coarse profile bands → points → score → grade
//! (A1 … E5) → APR and maximum amount, with an affordability check.
//!
//! | factor | bands → points |
//! |---|---|
//! | education | secondary 0 · undergraduate 40 · graduate 70 · doctoral 90 |
//! | enrolment | not enrolled *(rejected)* · part-time 30 · full-time 60 |
//! | annual income | none 0 · ≤ 10k 40 · ≤ 25k 80 · ≤ 50k 120 · > 50k 160 |
//! | existing debt | none 100 · ≤ 5k 70 · ≤ 20k 30 · > 20k 0 |
//! | employment | none 0 · part-time 30 · full-time 60 |
//!
//! Score = 300 + Σ points (330 … 770). Grade index = ⌊(720 − min(score, 720)) / 15⌋,
//! 0 = A1 (score ≥ 706) … 24 = E5 (346 … 360); a score below 346 is rejected.
//! APR = 5 % + 1 % per grade step (A1 5 % … E5 29 %).
//! Maximum amount = 100,000 FID × (25 − index) / 25 (A1 100k … E5 4k).
//! Affordability: the monthly instalment must not exceed 40 % of the band's
//! representative monthly income less 2 % of the band's representative debt.
//! Amounts in FID are whole tokens (10¹² units).

use crate::{lending::schedule, money, Balance};

/// Version of the model; stored with each assessment.
pub const MODEL_VERSION: u16 = 1;
/// Smallest unit per whole token.
const FID: Balance = 1_000_000_000_000;
/// Score before any factor.
pub const BASE_SCORE: u16 = 300;
/// Score of grade A1 and above.
const TOP_SCORE: u16 = 720;
/// Points between two consecutive grades.
const GRADE_STEP: u16 = 15;
/// Number of grades, A1 … E5.
pub const GRADES: u8 = 25;
/// Maximum amount of grade A1.
const A1_MAX: Balance = 100_000 * FID;

macro_rules! band {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
        #[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
        #[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
        #[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// Every band, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
        }
    };
}

band!(
    /// Highest education level reached or in progress.
    Education {
        /// Secondary school.
        Secondary,
        /// Bachelor's level.
        Undergraduate,
        /// Master's level.
        Graduate,
        /// Doctoral level.
        Doctoral,
    }
);
band!(
    /// Enrolment at a recognised institution.
    Enrolment {
        /// Not a student (such applications are rejected).
        NotEnrolled,
        /// Part-time student.
        PartTime,
        /// Full-time student.
        FullTime,
    }
);
band!(
    /// Annual income band (FID).
    Income {
        /// No income.
        NoIncome,
        /// Up to 10,000.
        UpTo10k,
        /// Up to 25,000.
        UpTo25k,
        /// Up to 50,000.
        UpTo50k,
        /// Above 50,000.
        Above50k,
    }
);
band!(
    /// Existing debt band (FID); more debt is less favourable.
    Debt {
        /// No debt.
        NoDebt,
        /// Up to 5,000.
        UpTo5k,
        /// Up to 20,000.
        UpTo20k,
        /// Above 20,000.
        Above20k,
    }
);
band!(
    /// Employment alongside studies.
    Employment {
        /// No job.
        Unemployed,
        /// Part-time job.
        PartTime,
        /// Full-time job.
        FullTime,
    }
);

/// The coarse credit profile a borrower discloses on-chain; the documents
/// behind it stay off-chain, committed to by hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct CreditProfile {
    /// Education level.
    pub education: Education,
    /// Enrolment status.
    pub enrolment: Enrolment,
    /// Annual income band.
    pub income: Income,
    /// Existing debt band.
    pub debt: Debt,
    /// Employment band.
    pub employment: Employment,
}

/// A factor of the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub enum Factor {
    /// [`Education`].
    Education,
    /// [`Enrolment`].
    Enrolment,
    /// [`Income`].
    Income,
    /// [`Debt`].
    Debt,
    /// [`Employment`].
    Employment,
}

/// Why the model refuses an application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
pub enum Rejection {
    /// Only enrolled students may apply.
    NotEnrolled,
    /// The score is below the lowest grade (E5).
    ScoreTooLow,
    /// The amount is above the grade's maximum.
    AboveGradeMaximum,
    /// The instalment exceeds what the income band can carry.
    Unaffordable,
}

impl core::fmt::Display for Rejection {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::NotEnrolled => "only enrolled students may apply",
            Self::ScoreTooLow => "the credit score is below the lowest grade (E5)",
            Self::AboveGradeMaximum => {
                "the amount is above the maximum for the grade; ask for less (`fiducia lending score` shows it)"
            },
            Self::Unaffordable => {
                "the monthly instalment is more than the income band can carry; ask for less or over a longer term"
            },
        })
    }
}

/// A loan grade, A1 (best) … E5; stored as its index 0 … 24.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
pub struct Grade(u8);

impl Grade {
    /// The grade with this index, if it exists.
    pub fn from_index(index: u8) -> Option<Grade> {
        (index < GRADES).then_some(Grade(index))
    }

    /// 0 for A1 … 24 for E5.
    pub fn index(self) -> u8 {
        self.0
    }

    /// Annual percentage rate in basis points: 5 % + 1 % per step.
    pub fn apr_bps(self) -> u32 {
        500 + 100 * u32::from(self.0)
    }

    /// Largest principal this grade may borrow.
    pub fn max_amount(self) -> Balance {
        A1_MAX * Balance::from(GRADES - self.0) / Balance::from(GRADES)
    }
}

impl core::fmt::Display for Grade {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let letter = char::from(b'A' + self.0 / 5);
        write!(f, "{letter}{}", self.0 % 5 + 1)
    }
}

/// A grade's name that is not `A1` … `E5`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotAGrade;

impl core::fmt::Display for NotAGrade {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("a grade is a letter A–E and a step 1–5, e.g. A1 or C4")
    }
}

impl core::str::FromStr for Grade {
    type Err = NotAGrade;

    /// The grade named as [`Display`](core::fmt::Display) prints it (`A1` … `E5`).
    fn from_str(text: &str) -> Result<Self, NotAGrade> {
        match text.as_bytes() {
            [letter @ b'A'..=b'E', step @ b'1'..=b'5'] => Ok(Grade((letter - b'A') * 5 + (step - b'1'))),
            _ => Err(NotAGrade),
        }
    }
}

#[cfg(feature = "std")]
impl serde::Serialize for Grade {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(feature = "std")]
impl<'de> serde::Deserialize<'de> for Grade {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::string::String as serde::Deserialize>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Points of each factor, in the order of [`Factor`].
pub fn contributions(p: &CreditProfile) -> [(Factor, u16); 5] {
    [
        (Factor::Education, [0, 40, 70, 90][p.education as usize]),
        (Factor::Enrolment, [0, 30, 60][p.enrolment as usize]),
        (Factor::Income, [0, 40, 80, 120, 160][p.income as usize]),
        (Factor::Debt, [100, 70, 30, 0][p.debt as usize]),
        (Factor::Employment, [0, 30, 60][p.employment as usize]),
    ]
}

/// The score of a profile: [`BASE_SCORE`] plus every factor's points.
pub fn score(p: &CreditProfile) -> u16 {
    contributions(p).iter().fold(BASE_SCORE, |s, (_, points)| s + points)
}

/// The grade of a score, or `None` below E5.
pub fn grade(score: u16) -> Option<Grade> {
    let below_top = TOP_SCORE.saturating_sub(score);
    let index = below_top / GRADE_STEP;
    u8::try_from(index).ok().and_then(Grade::from_index)
}

/// Representative annual income of a band, in units (the band's midpoint,
/// the lower bound for the open top band).
fn annual_income(band: Income) -> Balance {
    [0, 5_000, 17_500, 37_500, 50_000][band as usize] * FID
}

/// Representative existing debt of a band, in units.
fn existing_debt(band: Debt) -> Balance {
    [0, 2_500, 12_500, 20_000][band as usize] * FID
}

/// The largest monthly instalment a profile can carry: 40 % of monthly
/// income less 2 % of existing debt per month (never negative).
pub fn affordable_instalment(p: &CreditProfile) -> Balance {
    let income = annual_income(p.income) / 12;
    let carry = money::bps_share(income, 4_000).unwrap_or(0);
    let debt_service = money::bps_charge(existing_debt(p.debt), 200).unwrap_or(Balance::MAX);
    carry.saturating_sub(debt_service)
}

/// The model's verdict on an application it accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Assessment {
    /// [`MODEL_VERSION`] that produced it.
    pub model_version: u16,
    /// The score.
    pub score: u16,
    /// The grade.
    pub grade: Grade,
    /// APR in basis points.
    pub apr_bps: u32,
    /// The grade's maximum amount.
    pub max_amount: Balance,
    /// The monthly instalment of the requested loan.
    pub instalment: Balance,
}

/// Scores a profile for a loan of `amount` over `term_months` months.
pub fn assess(p: &CreditProfile, amount: Balance, term_months: u16) -> Result<Assessment, Rejection> {
    if p.enrolment == Enrolment::NotEnrolled {
        return Err(Rejection::NotEnrolled);
    }
    let score = score(p);
    let grade = grade(score).ok_or(Rejection::ScoreTooLow)?;
    if amount > grade.max_amount() {
        return Err(Rejection::AboveGradeMaximum);
    }
    let instalment = schedule::instalment(amount, grade.apr_bps(), term_months).ok_or(Rejection::Unaffordable)?;
    if instalment > affordable_instalment(p) {
        return Err(Rejection::Unaffordable);
    }
    Ok(Assessment {
        model_version: MODEL_VERSION,
        score,
        grade,
        apr_bps: grade.apr_bps(),
        max_amount: grade.max_amount(),
        instalment,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn grade_names_round_trip_and_nothing_else_parses() {
        for index in 0..GRADES {
            let grade = Grade::from_index(index).unwrap();
            assert_eq!(grade.to_string().parse::<Grade>(), Ok(grade));
        }
        assert_eq!("A1".parse::<Grade>().map(Grade::index), Ok(0));
        assert_eq!("E5".parse::<Grade>().map(Grade::index), Ok(24));
        for bad in ["", "A", "A0", "A6", "F1", "a1", "A11", " A1"] {
            assert_eq!(bad.parse::<Grade>(), Err(NotAGrade), "{bad}");
        }
    }

    const STRONG: CreditProfile = CreditProfile {
        education: Education::Graduate,
        enrolment: Enrolment::FullTime,
        income: Income::UpTo50k,
        debt: Debt::NoDebt,
        employment: Employment::PartTime,
    };

    fn profiles() -> impl Strategy<Value = CreditProfile> {
        (0..4usize, 0..3usize, 0..5usize, 0..4usize, 0..3usize).prop_map(|(e, n, i, d, m)| CreditProfile {
            education: Education::ALL[e],
            enrolment: Enrolment::ALL[n],
            income: Income::ALL[i],
            debt: Debt::ALL[d],
            employment: Employment::ALL[m],
        })
    }

    #[test]
    fn grades_are_named_a1_to_e5() {
        assert_eq!(Grade(0).to_string(), "A1");
        assert_eq!(Grade(6).to_string(), "B2");
        assert_eq!(Grade(24).to_string(), "E5");
        assert_eq!(Grade::from_index(25), None);
    }

    #[test]
    fn score_bands_map_to_grades_and_rates() {
        assert_eq!(grade(770), Some(Grade(0)));
        assert_eq!(grade(706), Some(Grade(0)));
        assert_eq!(grade(705), Some(Grade(1)));
        assert_eq!(grade(346), Some(Grade(24)));
        assert_eq!(grade(345), None);
        assert_eq!(Grade(0).apr_bps(), 500);
        assert_eq!(Grade(24).apr_bps(), 2_900);
        assert_eq!(Grade(0).max_amount(), 100_000 * FID);
        assert_eq!(Grade(24).max_amount(), 4_000 * FID);
    }

    #[test]
    fn explanation_adds_up_to_the_score() {
        // 300 + 70 + 60 + 120 + 100 + 30
        assert_eq!(score(&STRONG), 680);
        let sum: u16 = contributions(&STRONG).iter().map(|(_, p)| p).sum();
        assert_eq!(BASE_SCORE + sum, score(&STRONG));
        assert_eq!(grade(680), Some(Grade(2))); // A3: 720 − 680 = 40, ⌊40 / 15⌋ = 2
    }

    #[test]
    fn each_rejection_reason() {
        let not_enrolled = CreditProfile { enrolment: Enrolment::NotEnrolled, ..STRONG };
        assert_eq!(assess(&not_enrolled, FID, 12), Err(Rejection::NotEnrolled));
        let weak = CreditProfile {
            education: Education::Secondary,
            enrolment: Enrolment::PartTime,
            income: Income::NoIncome,
            debt: Debt::Above20k,
            employment: Employment::Unemployed,
        };
        assert_eq!(assess(&weak, FID, 12), Err(Rejection::ScoreTooLow));
        assert_eq!(assess(&STRONG, 100_000 * FID, 120), Err(Rejection::AboveGradeMaximum));
        assert_eq!(assess(&STRONG, 80_000 * FID, 12), Err(Rejection::Unaffordable));
    }

    #[test]
    fn a_reasonable_application_is_accepted() {
        let a = assess(&STRONG, 10_000 * FID, 36).unwrap();
        assert_eq!((a.score, a.grade, a.apr_bps, a.model_version), (680, Grade(2), 700, 1));
        assert!(a.instalment <= affordable_instalment(&STRONG));
    }

    proptest! {
        #[test]
        fn score_is_monotone_in_every_favourable_factor(p in profiles()) {
            let s = score(&p);
            let better = [
                Education::ALL.get(p.education as usize + 1).map(|&education| CreditProfile { education, ..p }),
                Enrolment::ALL.get(p.enrolment as usize + 1).map(|&enrolment| CreditProfile { enrolment, ..p }),
                Income::ALL.get(p.income as usize + 1).map(|&income| CreditProfile { income, ..p }),
                (p.debt as usize).checked_sub(1).map(|i| CreditProfile { debt: Debt::ALL[i], ..p }),
                Employment::ALL.get(p.employment as usize + 1).map(|&employment| CreditProfile { employment, ..p }),
            ];
            for q in better.into_iter().flatten() {
                prop_assert!(score(&q) > s);
                prop_assert!(grade(score(&q)) <= grade(s) || grade(s).is_none());
                prop_assert!(affordable_instalment(&q) >= affordable_instalment(&p));
            }
        }

        #[test]
        fn accepted_loans_respect_grade_and_affordability(
            p in profiles(), amount in 1..200_000u128, term in 1..=120u16,
        ) {
            if let Ok(a) = assess(&p, amount * FID, term) {
                prop_assert!(amount * FID <= a.max_amount);
                prop_assert!(a.instalment <= affordable_instalment(&p));
                prop_assert_eq!(Some(a.grade), grade(a.score));
            }
        }
    }
}
