//! What one difference between two catalogs is: its kind, its severity and where it is.

use std::fmt;

use serde::Serialize;
use serde::ser::SerializeStruct;
use serde_json::Value;

use crate::catalog::ModelId;
use crate::schema::JsonPointer;

/// How a change affects a client that sends requests built from the old schema.
///
/// Declared from most to least serious, so sorting by severity puts breaking changes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// A payload that was valid is rejected now, or code written against the old
    /// generated types stops compiling.
    Breaking,
    /// The same payload is still accepted but means something else (a default moved).
    Behaviour,
    /// Every payload that was valid still is.
    NonBreaking,
    /// Documentation and presentation only.
    Cosmetic,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Breaking,
        Severity::Behaviour,
        Severity::NonBreaking,
        Severity::Cosmetic,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Breaking => "breaking",
            Severity::Behaviour => "behaviour",
            Severity::NonBreaking => "non-breaking",
            Severity::Cosmetic => "cosmetic",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Severity {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A numeric, length, count or size limit. `minimum` and `maximum` include their exclusive
/// forms, whichever keyword spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bound {
    Minimum,
    Maximum,
    MinLength,
    MaxLength,
    MinItems,
    MaxItems,
    MinProperties,
    MaxProperties,
    MinContains,
    MaxContains,
}

impl Bound {
    pub const ALL: [Bound; 10] = [
        Bound::Minimum,
        Bound::Maximum,
        Bound::MinLength,
        Bound::MaxLength,
        Bound::MinItems,
        Bound::MaxItems,
        Bound::MinProperties,
        Bound::MaxProperties,
        Bound::MinContains,
        Bound::MaxContains,
    ];

    /// The keyword spelling the inclusive form.
    pub fn keyword(self) -> &'static str {
        match self {
            Bound::Minimum => "minimum",
            Bound::Maximum => "maximum",
            Bound::MinLength => "minLength",
            Bound::MaxLength => "maxLength",
            Bound::MinItems => "minItems",
            Bound::MaxItems => "maxItems",
            Bound::MinProperties => "minProperties",
            Bound::MaxProperties => "maxProperties",
            Bound::MinContains => "minContains",
            Bound::MaxContains => "maxContains",
        }
    }

    /// The keyword of the exclusive form, for the two bounds that have one.
    pub fn exclusive_keyword(self) -> Option<&'static str> {
        match self {
            Bound::Minimum => Some("exclusiveMinimum"),
            Bound::Maximum => Some("exclusiveMaximum"),
            _ => None,
        }
    }

    /// A lower bound rejects more when raised; an upper bound when lowered.
    pub fn is_lower(self) -> bool {
        matches!(
            self,
            Bound::Minimum
                | Bound::MinLength
                | Bound::MinItems
                | Bound::MinProperties
                | Bound::MinContains
        )
    }

    fn kebab(self) -> &'static str {
        match self {
            Bound::Minimum => "minimum",
            Bound::Maximum => "maximum",
            Bound::MinLength => "min-length",
            Bound::MaxLength => "max-length",
            Bound::MinItems => "min-items",
            Bound::MaxItems => "max-items",
            Bound::MinProperties => "min-properties",
            Bound::MaxProperties => "max-properties",
            Bound::MinContains => "min-contains",
            Bound::MaxContains => "max-contains",
        }
    }
}

/// Which way a bound moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BoundChange {
    Added,
    Removed,
    Raised,
    Lowered,
}

impl BoundChange {
    fn as_str(self) -> &'static str {
        match self {
            BoundChange::Added => "added",
            BoundChange::Removed => "removed",
            BoundChange::Raised => "raised",
            BoundChange::Lowered => "lowered",
        }
    }
}

/// A keyword combining subschemas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Combinator {
    AnyOf,
    OneOf,
    AllOf,
}

impl Combinator {
    pub const ALL: [Combinator; 3] = [Combinator::AnyOf, Combinator::OneOf, Combinator::AllOf];

    pub fn keyword(self) -> &'static str {
        match self {
            Combinator::AnyOf => "anyOf",
            Combinator::OneOf => "oneOf",
            Combinator::AllOf => "allOf",
        }
    }

    fn kebab(self) -> &'static str {
        match self {
            Combinator::AnyOf => "any-of",
            Combinator::OneOf => "one-of",
            Combinator::AllOf => "all-of",
        }
    }

    /// `allOf` requires every subschema, so a new one rejects more; the unions accept more.
    fn added_schema_rejects_more(self) -> bool {
        self == Combinator::AllOf
    }
}

/// Every kind of difference the check knows, each with one fixed severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    // The catalog entry.
    ModelRemoved,
    ModelAdded,
    /// The new catalog leaves the model out: the hub lists it, but its endpoint, schema or
    /// file cannot be used, so the bindings do not have it.
    ModelLeftOut,
    EndpointChanged,
    SchemaSourceChanged,
    DisplayNameChanged,
    SummaryChanged,
    ModelDescriptionChanged,
    CapabilitiesChanged,
    // Objects.
    PropertyRemoved,
    RequiredPropertyAdded,
    PropertyAdded,
    PropertyBecameRequired,
    PropertyBecameOptional,
    AdditionalPropertiesClosed,
    AdditionalPropertiesOpened,
    // Any schema.
    TypeChanged,
    TypeNarrowed,
    TypeWidened,
    NullableRemoved,
    NullableAdded,
    EnumIntroduced,
    EnumRemoved,
    EnumValueRemoved,
    EnumValueAdded,
    EnumReordered,
    ConstAdded,
    ConstChanged,
    ConstRemoved,
    Bound(Bound, BoundChange),
    MultipleOfAdded,
    MultipleOfChanged,
    MultipleOfRelaxed,
    MultipleOfRemoved,
    PatternAdded,
    PatternChanged,
    PatternRemoved,
    FormatAdded,
    FormatChanged,
    FormatRemoved,
    UniqueItemsAdded,
    UniqueItemsRemoved,
    /// A subschema became `false`: nothing is accepted there any more.
    SchemaClosed,
    /// A `false` subschema became a schema.
    SchemaOpened,
    UnionIntroduced(Combinator),
    UnionRemoved(Combinator),
    VariantAdded(Combinator),
    VariantRemoved(Combinator),
    /// A `$ref` that cannot be followed (not local) points elsewhere.
    RefChanged,
    /// A validation keyword whose effect the check does not analyse (`not`, `if`,
    /// `patternProperties`, unknown keywords...): judged breaking, to fail closed.
    KeywordChanged,
    // Defaults.
    DefaultChanged,
    DefaultAdded,
    DefaultRemoved,
    /// The default of a property required before and after: every payload sends the
    /// property, so no payload's meaning depends on it.
    RequiredDefaultChanged,
    // Documentation.
    DescriptionChanged,
    TitleChanged,
    OrderChanged,
    BasicChanged,
    ExampleChanged,
    /// `deprecated`, `readOnly`, `$comment` and other annotations.
    AnnotationChanged,
    /// An `x-` vendor extension other than `x-order`.
    ExtensionChanged,
    // Overlays.
    /// The hub now defines a property that an overlay also defines: the overlay may be
    /// redundant, or contradict the hub.
    OverlayOverlaps,
    /// An overlay matches no model of the new catalog: stale (generation warns and applies it nowhere).
    OverlayUnmatched,
}

impl ChangeKind {
    pub fn severity(self) -> Severity {
        use ChangeKind::*;
        use Severity::*;
        match self {
            ModelRemoved
            | ModelLeftOut
            | EndpointChanged
            | PropertyRemoved
            | RequiredPropertyAdded
            | PropertyBecameRequired
            | AdditionalPropertiesClosed
            | TypeChanged
            | TypeNarrowed
            | NullableRemoved
            | EnumIntroduced
            | EnumValueRemoved
            | ConstAdded
            | ConstChanged
            | MultipleOfAdded
            | MultipleOfChanged
            | PatternAdded
            | PatternChanged
            | FormatAdded
            | FormatChanged
            | UniqueItemsAdded
            | SchemaClosed
            | UnionIntroduced(_)
            | RefChanged
            | KeywordChanged => Breaking,
            ModelAdded
            | PropertyAdded
            | PropertyBecameOptional
            | AdditionalPropertiesOpened
            | TypeWidened
            | NullableAdded
            | EnumRemoved
            | EnumValueAdded
            | ConstRemoved
            | MultipleOfRelaxed
            | MultipleOfRemoved
            | PatternRemoved
            | FormatRemoved
            | UniqueItemsRemoved
            | SchemaOpened
            | UnionRemoved(_) => NonBreaking,
            Bound(_, BoundChange::Added) => Breaking,
            Bound(_, BoundChange::Removed) => NonBreaking,
            Bound(bound, BoundChange::Raised) if bound.is_lower() => Breaking,
            Bound(bound, BoundChange::Lowered) if !bound.is_lower() => Breaking,
            Bound(..) => NonBreaking,
            VariantAdded(c) if c.added_schema_rejects_more() => Breaking,
            VariantRemoved(c) if !c.added_schema_rejects_more() => Breaking,
            VariantAdded(_) | VariantRemoved(_) => NonBreaking,
            DefaultChanged | DefaultAdded | DefaultRemoved | OverlayOverlaps => Behaviour,
            OverlayUnmatched => Breaking,
            SchemaSourceChanged
            | DisplayNameChanged
            | SummaryChanged
            | ModelDescriptionChanged
            | CapabilitiesChanged
            | EnumReordered
            | RequiredDefaultChanged
            | DescriptionChanged
            | TitleChanged
            | OrderChanged
            | BasicChanged
            | ExampleChanged
            | AnnotationChanged
            | ExtensionChanged => Cosmetic,
        }
    }

    /// Whether the change is to the model's entry in `catalog.json` rather than its schema.
    pub fn is_catalog_entry(self) -> bool {
        use ChangeKind::*;
        matches!(
            self,
            ModelRemoved
                | ModelAdded
                | ModelLeftOut
                | EndpointChanged
                | SchemaSourceChanged
                | DisplayNameChanged
                | SummaryChanged
                | ModelDescriptionChanged
                | CapabilitiesChanged
        )
    }

    /// The stable kebab-case name used in every report format.
    pub fn name(self) -> String {
        use ChangeKind::*;
        let fixed = match self {
            Bound(bound, change) => return format!("{}-{}", bound.kebab(), change.as_str()),
            UnionIntroduced(c) => return format!("{}-introduced", c.kebab()),
            UnionRemoved(c) => return format!("{}-removed", c.kebab()),
            VariantAdded(c) => return format!("{}-variant-added", c.kebab()),
            VariantRemoved(c) => return format!("{}-variant-removed", c.kebab()),
            ModelRemoved => "model-removed",
            ModelAdded => "model-added",
            ModelLeftOut => "model-left-out",
            EndpointChanged => "endpoint-changed",
            SchemaSourceChanged => "schema-source-changed",
            DisplayNameChanged => "display-name-changed",
            SummaryChanged => "summary-changed",
            ModelDescriptionChanged => "model-description-changed",
            CapabilitiesChanged => "capabilities-changed",
            PropertyRemoved => "property-removed",
            RequiredPropertyAdded => "required-property-added",
            PropertyAdded => "property-added",
            PropertyBecameRequired => "property-became-required",
            PropertyBecameOptional => "property-became-optional",
            AdditionalPropertiesClosed => "additional-properties-closed",
            AdditionalPropertiesOpened => "additional-properties-opened",
            TypeChanged => "type-changed",
            TypeNarrowed => "type-narrowed",
            TypeWidened => "type-widened",
            NullableRemoved => "nullable-removed",
            NullableAdded => "nullable-added",
            EnumIntroduced => "enum-introduced",
            EnumRemoved => "enum-removed",
            EnumValueRemoved => "enum-value-removed",
            EnumValueAdded => "enum-value-added",
            EnumReordered => "enum-reordered",
            ConstAdded => "const-added",
            ConstChanged => "const-changed",
            ConstRemoved => "const-removed",
            MultipleOfAdded => "multiple-of-added",
            MultipleOfChanged => "multiple-of-changed",
            MultipleOfRelaxed => "multiple-of-relaxed",
            MultipleOfRemoved => "multiple-of-removed",
            PatternAdded => "pattern-added",
            PatternChanged => "pattern-changed",
            PatternRemoved => "pattern-removed",
            FormatAdded => "format-added",
            FormatChanged => "format-changed",
            FormatRemoved => "format-removed",
            UniqueItemsAdded => "unique-items-added",
            UniqueItemsRemoved => "unique-items-removed",
            SchemaClosed => "schema-closed",
            SchemaOpened => "schema-opened",
            RefChanged => "ref-changed",
            KeywordChanged => "keyword-changed",
            DefaultChanged => "default-changed",
            DefaultAdded => "default-added",
            DefaultRemoved => "default-removed",
            RequiredDefaultChanged => "required-default-changed",
            DescriptionChanged => "description-changed",
            TitleChanged => "title-changed",
            OrderChanged => "order-changed",
            BasicChanged => "basic-changed",
            ExampleChanged => "example-changed",
            AnnotationChanged => "annotation-changed",
            ExtensionChanged => "extension-changed",
            OverlayOverlaps => "overlay-overlaps",
            OverlayUnmatched => "overlay-unmatched",
        };
        fixed.to_owned()
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

impl Serialize for ChangeKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name())
    }
}

/// One difference between the old and the new catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub model: ModelId,
    pub kind: ChangeKind,
    /// Where in the model's schema, as a path through the schema (`/properties/x/enum`).
    /// It names the old schema's location when the thing existed there, the new one's otherwise
    /// (an added property, a new union variant). Empty for changes to the catalog entry.
    pub pointer: JsonPointer,
    pub severity: Severity,
    /// The value before (`null` when there was none).
    pub old: Value,
    /// The value after (`null` when there is none).
    pub new: Value,
    /// One plain sentence, naming the payload field concerned.
    pub message: String,
    /// For the overlay kinds: the overlay concerned, by name, so a report can point at its file.
    pub overlay: Option<String>,
}

impl Change {
    pub fn new(
        model: ModelId,
        kind: ChangeKind,
        pointer: JsonPointer,
        old: Value,
        new: Value,
        message: String,
    ) -> Self {
        Self {
            model,
            kind,
            pointer,
            severity: kind.severity(),
            old,
            new,
            message,
            overlay: None,
        }
    }

    /// The same change, about the overlay `name`.
    pub fn about_overlay(mut self, name: &str) -> Self {
        self.overlay = Some(name.to_owned());
        self
    }
}

impl Serialize for Change {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Change", 7)?;
        s.serialize_field("model", &self.model)?;
        s.serialize_field("kind", &self.kind)?;
        s.serialize_field("pointer", self.pointer.as_str())?;
        s.serialize_field("severity", &self.severity)?;
        s.serialize_field("old", &self.old)?;
        s.serialize_field("new", &self.new)?;
        s.serialize_field("message", &self.message)?;
        s.end()
    }
}

/// How many changes of each severity a report holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub breaking: usize,
    pub behaviour: usize,
    pub non_breaking: usize,
    pub cosmetic: usize,
}

impl Counts {
    pub fn of(changes: &[Change]) -> Self {
        let mut counts = Counts::default();
        for change in changes {
            *counts.get_mut(change.severity) += 1;
        }
        counts
    }

    pub fn get(&self, severity: Severity) -> usize {
        match severity {
            Severity::Breaking => self.breaking,
            Severity::Behaviour => self.behaviour,
            Severity::NonBreaking => self.non_breaking,
            Severity::Cosmetic => self.cosmetic,
        }
    }

    fn get_mut(&mut self, severity: Severity) -> &mut usize {
        match severity {
            Severity::Breaking => &mut self.breaking,
            Severity::Behaviour => &mut self.behaviour,
            Severity::NonBreaking => &mut self.non_breaking,
            Severity::Cosmetic => &mut self.cosmetic,
        }
    }

    pub fn total(&self) -> usize {
        self.breaking + self.behaviour + self.non_breaking + self.cosmetic
    }
}
