//! Paged listings: a message returns at most [`MAX_PAGE`] items, so its cost
//! is bounded however many items exist.

/// The largest page a listing message returns.
pub const MAX_PAGE: u32 = 50;

/// A page request over sequential ids `0..end`: items `start, start+1, …`,
/// at most `limit` of them (capped at [`MAX_PAGE`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    /// First id of the page.
    pub start: u64,
    /// One past the last id of the page.
    pub end: u64,
}

impl Page {
    /// The ids to list, given the first requested id, the requested size and
    /// the number of ids that exist. An empty page when `start` is past the end.
    pub fn over(start: u64, limit: u32, count: u64) -> Self {
        let limit = u64::from(limit.min(MAX_PAGE));
        let start = start.min(count);
        let end = start.saturating_add(limit).min(count);
        Page { start, end }
    }

    /// The ids of the page, in order.
    pub fn ids(self) -> core::ops::Range<u64> {
        self.start..self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn first_page_of_three() {
        assert_eq!(Page::over(0, 10, 3).ids().collect::<Vec<_>>(), vec![0, 1, 2]);
    }

    #[test]
    fn page_past_the_end_is_empty() {
        assert_eq!(Page::over(7, 10, 3).ids().count(), 0);
    }

    #[test]
    fn limit_is_capped() {
        assert_eq!(Page::over(0, u32::MAX, 1_000).ids().count(), MAX_PAGE as usize);
    }

    proptest! {
        #[test]
        fn page_stays_within_bounds(start in any::<u64>(), limit in any::<u32>(), count in any::<u64>()) {
            let page = Page::over(start, limit, count);
            prop_assert!(page.start <= page.end);
            prop_assert!(page.end <= count);
            prop_assert!(page.end - page.start <= u64::from(MAX_PAGE));
        }
    }
}
