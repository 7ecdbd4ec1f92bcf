//! The two kinds of rep, and one value per kind.

use std::ops::{Index, IndexMut};

/// A role: `outside` (field rep) or `inside` (inside rep).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Role {
    /// A field rep, who visits customers.
    Outside = 0,
    /// An inside rep, who works by phone and video.
    Inside = 1,
}

impl Role {
    /// Both roles, outside first.
    pub const ALL: [Role; 2] = [Role::Outside, Role::Inside];

    /// The role's key in the scenario file.
    pub fn name(self) -> &'static str {
        match self {
            Role::Outside => "outside",
            Role::Inside => "inside",
        }
    }

    /// The other role.
    pub fn other(self) -> Role {
        match self {
            Role::Outside => Role::Inside,
            Role::Inside => Role::Outside,
        }
    }

    /// 0 for outside, 1 for inside: the role's place in keyed streams.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One value per role, indexed by [`Role`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ByRole<T> {
    /// The field reps' value.
    pub outside: T,
    /// The inside reps' value.
    pub inside: T,
}

impl<T> ByRole<T> {
    /// The two values.
    pub const fn new(outside: T, inside: T) -> ByRole<T> {
        ByRole { outside, inside }
    }

    /// Each role's value from `f`, outside first.
    pub fn from_fn(mut f: impl FnMut(Role) -> T) -> ByRole<T> {
        let outside = f(Role::Outside);
        ByRole::new(outside, f(Role::Inside))
    }

    /// Each value through `f`, outside first.
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> ByRole<U> {
        let outside = f(self.outside);
        ByRole::new(outside, f(self.inside))
    }

    /// Each role with its value, outside first.
    pub fn iter(&self) -> impl Iterator<Item = (Role, &T)> {
        [(Role::Outside, &self.outside), (Role::Inside, &self.inside)].into_iter()
    }
}

impl<T: Clone> ByRole<T> {
    /// The same value for both roles.
    pub fn both(x: T) -> ByRole<T> {
        ByRole::new(x.clone(), x)
    }
}

impl<T> Index<Role> for ByRole<T> {
    type Output = T;
    #[inline(always)]
    fn index(&self, r: Role) -> &T {
        match r {
            Role::Outside => &self.outside,
            Role::Inside => &self.inside,
        }
    }
}

impl<T> IndexMut<Role> for ByRole<T> {
    #[inline(always)]
    fn index_mut(&mut self, r: Role) -> &mut T {
        match r {
            Role::Outside => &mut self.outside,
            Role::Inside => &mut self.inside,
        }
    }
}
