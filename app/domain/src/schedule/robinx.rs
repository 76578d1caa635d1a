//! The RobinX XML format (Van Bulck et al., EJOR 2020) as used by ITC2021: problem instances
//! and their solutions, parsed into plain types and written back.
//!
//! Only what ITC2021 uses is modelled: one league, a double (or single) round robin, and the nine
//! constraint classes CA1–CA4, GA1, BR1, BR2, FA2 and SE1. Anything else (another constraint
//! class, team or slot groups) is rejected with an error rather than silently ignored, because a
//! constraint we drop would make every score we report wrong.

use super::ScheduleError;

pub type TeamId = usize;
pub type SlotId = usize;

/// Whether a count is about home games, away games or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum HomeAway {
    Home,
    Away,
    Any,
}

impl HomeAway {
    fn parse(value: &str, element: &str, attribute: &str) -> Result<Self, ScheduleError> {
        match value {
            "H" => Ok(Self::Home),
            "A" => Ok(Self::Away),
            "HA" => Ok(Self::Any),
            _ => Err(invalid(element, attribute, value)),
        }
    }

    /// Does a game played with this venue (`true` = at home) count?
    #[inline]
    pub fn counts(self, at_home: bool) -> bool {
        match self {
            Self::Home => at_home,
            Self::Away => !at_home,
            Self::Any => true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Importance {
    /// Must hold; any deviation makes the timetable infeasible.
    Hard,
    /// A preference: each unit of deviation costs `penalty`.
    Soft { penalty: u32 },
}

impl Importance {
    pub fn is_hard(self) -> bool {
        matches!(self, Self::Hard)
    }
}

/// CA1: each team plays at most `max` home (away) games in `slots`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Ca1 {
    pub teams: Vec<TeamId>,
    pub min: u32,
    pub max: u32,
    pub mode: HomeAway,
    pub slots: Vec<SlotId>,
}

/// CA2: each team of `teams1` plays at most `max` games (of `mode`) against `teams2` in `slots`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Ca2 {
    pub teams1: Vec<TeamId>,
    pub teams2: Vec<TeamId>,
    pub min: u32,
    pub max: u32,
    pub mode: HomeAway,
    pub slots: Vec<SlotId>,
}

/// CA3: each team of `teams1` plays at most `max` games (of `mode`) against `teams2` in every
/// window of `window` consecutive slots.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Ca3 {
    pub teams1: Vec<TeamId>,
    pub teams2: Vec<TeamId>,
    pub min: u32,
    pub max: u32,
    pub mode: HomeAway,
    pub window: u32,
}

/// Whether CA4 counts over all its slots together or over each slot on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SlotScope {
    Global,
    Every,
}

/// CA4: `teams1` together play at most `max` games (of `mode`) against `teams2` in `slots`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Ca4 {
    pub teams1: Vec<TeamId>,
    pub teams2: Vec<TeamId>,
    pub min: u32,
    pub max: u32,
    pub mode: HomeAway,
    pub scope: SlotScope,
    pub slots: Vec<SlotId>,
}

/// GA1: between `min` and `max` of the games in `meetings` (home, away) take place in `slots`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Ga1 {
    pub meetings: Vec<(TeamId, TeamId)>,
    pub min: u32,
    pub max: u32,
    pub slots: Vec<SlotId>,
}

/// BR1: each team has at most `max` breaks of `mode` in `slots`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Br1 {
    pub teams: Vec<TeamId>,
    pub max: u32,
    pub mode: HomeAway,
    pub slots: Vec<SlotId>,
}

/// BR2: the teams together have at most `max` breaks in `slots`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Br2 {
    pub teams: Vec<TeamId>,
    pub max: u32,
    pub slots: Vec<SlotId>,
}

/// FA2: any two teams differ by at most `max_difference` home games after each slot in `slots`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Fa2 {
    pub teams: Vec<TeamId>,
    pub max_difference: u32,
    pub slots: Vec<SlotId>,
}

/// SE1: two mutual games of any pair of `teams` have at least `min_gap` slots between them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Se1 {
    pub teams: Vec<TeamId>,
    pub min_gap: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Rule {
    Ca1(Ca1),
    Ca2(Ca2),
    Ca3(Ca3),
    Ca4(Ca4),
    Ga1(Ga1),
    Br1(Br1),
    Br2(Br2),
    Fa2(Fa2),
    Se1(Se1),
}

impl Rule {
    /// The RobinX class name, e.g. "CA1".
    pub fn class(&self) -> &'static str {
        match self {
            Rule::Ca1(_) => "CA1",
            Rule::Ca2(_) => "CA2",
            Rule::Ca3(_) => "CA3",
            Rule::Ca4(_) => "CA4",
            Rule::Ga1(_) => "GA1",
            Rule::Br1(_) => "BR1",
            Rule::Br2(_) => "BR2",
            Rule::Fa2(_) => "FA2",
            Rule::Se1(_) => "SE1",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Constraint {
    pub importance: Importance,
    pub rule: Rule,
}

/// The competition's shape: how often teams meet, compact or not, phased or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Format {
    pub round_robins: u32,
    /// Compact (time-constrained): every team plays in every slot.
    pub compact: bool,
    /// Phased: the first half of the season is a single round robin.
    pub phased: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Instance {
    pub name: String,
    pub team_names: Vec<String>,
    pub slot_names: Vec<String>,
    pub format: Format,
    pub constraints: Vec<Constraint>,
}

impl Instance {
    pub fn team_count(&self) -> usize {
        self.team_names.len()
    }

    pub fn slot_count(&self) -> usize {
        self.slot_names.len()
    }

    /// Parses a RobinX instance file.
    pub fn from_xml(xml: &str) -> Result<Self, ScheduleError> {
        let document = roxmltree::Document::parse(xml)?;
        let root = document.root_element();
        if root.tag_name().name() != "Instance" {
            return Err(ScheduleError::Format(format!(
                "expected <Instance> as the root element, found <{}>",
                root.tag_name().name()
            )));
        }
        let name = child(root, "MetaData")
            .and_then(|meta| child(meta, "InstanceName"))
            .and_then(|n| n.text())
            .unwrap_or("")
            .trim()
            .to_string();

        let resources = required_child(root, "Resources")?;
        let team_names = read_resources(required_child(resources, "Teams")?, "team")?;
        let slot_names = read_resources(required_child(resources, "Slots")?, "slot")?;
        if team_names.len() < 2 {
            return Err(ScheduleError::Format(
                "an instance needs at least two teams".into(),
            ));
        }

        let format = match child(root, "Structure").and_then(|s| child(s, "Format")) {
            Some(node) => {
                let text = |tag| child(node, tag).and_then(|n| n.text()).map(str::trim);
                let round_robins = match text("numberRoundRobin") {
                    Some(value) => value
                        .parse()
                        .map_err(|_| invalid("numberRoundRobin", "text", value))?,
                    None => 2,
                };
                Format {
                    round_robins,
                    compact: text("compactness").is_none_or(|c| c == "C"),
                    phased: text("gameMode") == Some("P"),
                }
            }
            None => Format {
                round_robins: 2,
                compact: true,
                phased: false,
            },
        };
        if !(1..=2).contains(&format.round_robins) {
            return Err(ScheduleError::Unsupported(format!(
                "{} round robins (only single and double are supported)",
                format.round_robins
            )));
        }

        let context = Bounds {
            teams: team_names.len(),
            slots: slot_names.len(),
        };
        let mut constraints = Vec::new();
        if let Some(node) = child(root, "Constraints") {
            for group in node.children().filter(|n| n.is_element()) {
                for element in group.children().filter(|n| n.is_element()) {
                    constraints.push(parse_constraint(element, &context)?);
                }
            }
        }
        Ok(Instance {
            name,
            team_names,
            slot_names,
            format,
            constraints,
        })
    }
}

/// One game of a timetable: `home` hosts `away` in `slot`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Game {
    pub home: TeamId,
    pub away: TeamId,
    pub slot: SlotId,
}

/// A RobinX solution file: the games and, when the file states it, its claimed score.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Solution {
    pub instance_name: String,
    pub solution_name: String,
    pub claimed_infeasibility: Option<u64>,
    pub claimed_objective: Option<u64>,
    pub games: Vec<Game>,
}

impl Solution {
    pub fn from_xml(xml: &str) -> Result<Self, ScheduleError> {
        let document = roxmltree::Document::parse(xml)?;
        let root = document.root_element();
        if root.tag_name().name() != "Solution" {
            return Err(ScheduleError::Format(format!(
                "expected <Solution> as the root element, found <{}>",
                root.tag_name().name()
            )));
        }
        let meta = child(root, "MetaData");
        let meta_text = |tag| {
            meta.and_then(|m| child(m, tag))
                .and_then(|n| n.text())
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let objective = meta.and_then(|m| child(m, "ObjectiveValue"));
        let claimed = |attribute| -> Result<Option<u64>, ScheduleError> {
            match objective.and_then(|o| o.attribute(attribute)) {
                None => Ok(None),
                Some(value) => value
                    .trim()
                    .parse()
                    .map(Some)
                    .map_err(|_| invalid("ObjectiveValue", attribute, value)),
            }
        };
        let mut games = Vec::new();
        for node in required_child(root, "Games")?
            .children()
            .filter(|n| n.has_tag_name("ScheduledMatch"))
        {
            games.push(Game {
                home: number_attribute(node, "home")?,
                away: number_attribute(node, "away")?,
                slot: number_attribute(node, "slot")?,
            });
        }
        Ok(Solution {
            instance_name: meta_text("InstanceName"),
            solution_name: meta_text("SolutionName"),
            claimed_infeasibility: claimed("infeasibility")?,
            claimed_objective: claimed("objective")?,
            games,
        })
    }

    /// Writes the solution in the ITC2021 solution format, games sorted by slot.
    pub fn to_xml(&self) -> String {
        let mut games = self.games.clone();
        games.sort_by_key(|g| (g.slot, g.home, g.away));
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Solution>\n");
        xml.push_str("  <MetaData>\n");
        xml.push_str(&format!(
            "    <InstanceName>{}</InstanceName>\n",
            escape(&self.instance_name)
        ));
        xml.push_str(&format!(
            "    <SolutionName>{}</SolutionName>\n",
            escape(&self.solution_name)
        ));
        if let (Some(infeasibility), Some(objective)) =
            (self.claimed_infeasibility, self.claimed_objective)
        {
            xml.push_str(&format!(
                "    <ObjectiveValue infeasibility=\"{infeasibility}\" objective=\"{objective}\"/>\n"
            ));
        }
        xml.push_str("  </MetaData>\n  <Games>\n");
        for game in &games {
            xml.push_str(&format!(
                "    <ScheduledMatch home=\"{}\" away=\"{}\" slot=\"{}\"/>\n",
                game.home, game.away, game.slot
            ));
        }
        xml.push_str("  </Games>\n</Solution>\n");
        xml
    }
}

struct Bounds {
    teams: usize,
    slots: usize,
}

fn parse_constraint(node: roxmltree::Node, bounds: &Bounds) -> Result<Constraint, ScheduleError> {
    let element = node.tag_name().name();
    // Groups are part of RobinX but unused by ITC2021; rather than guess their meaning, refuse.
    for attribute in ["teamGroups", "teamGroups1", "teamGroups2", "slotGroups"] {
        if node
            .attribute(attribute)
            .is_some_and(|v| !v.trim().is_empty())
        {
            return Err(ScheduleError::Unsupported(format!(
                "<{element}> uses `{attribute}`; team and slot groups are not supported"
            )));
        }
    }
    let importance = match required_attribute(node, "type")? {
        "HARD" => Importance::Hard,
        "SOFT" => Importance::Soft {
            penalty: match node.attribute("penalty") {
                Some(_) => number_attribute(node, "penalty")?,
                None => 1,
            },
        },
        other => return Err(invalid(element, "type", other)),
    };
    let teams = |attribute| team_list(node, attribute, bounds);
    let slots = |attribute| slot_list(node, attribute, bounds);
    let mode =
        |attribute| HomeAway::parse(required_attribute(node, attribute)?, element, attribute);
    let optional_number = |attribute| -> Result<u32, ScheduleError> {
        match node.attribute(attribute) {
            Some(_) => number_attribute(node, attribute),
            None => Ok(0),
        }
    };
    let expect = |attribute: &str, allowed: &[&str]| -> Result<(), ScheduleError> {
        match node.attribute(attribute) {
            Some(value) if !allowed.contains(&value) => Err(ScheduleError::Unsupported(format!(
                "<{element}> with {attribute}=\"{value}\" (supported: {})",
                allowed.join(", ")
            ))),
            _ => Ok(()),
        }
    };

    let rule = match element {
        "CA1" => {
            // ITC2021 writes `teams`; some RobinX files write `teams1`.
            let teams = if node.attribute("teams").is_some() {
                teams("teams")?
            } else {
                teams("teams1")?
            };
            let mode = if node.attribute("mode").is_some() {
                mode("mode")?
            } else {
                mode("mode1")?
            };
            Rule::Ca1(Ca1 {
                teams,
                min: optional_number("min")?,
                max: number_attribute(node, "max")?,
                mode,
                slots: slots("slots")?,
            })
        }
        "CA2" => {
            expect("mode2", &["GLOBAL"])?;
            Rule::Ca2(Ca2 {
                teams1: teams("teams1")?,
                teams2: teams("teams2")?,
                min: optional_number("min")?,
                max: number_attribute(node, "max")?,
                mode: mode("mode1")?,
                slots: slots("slots")?,
            })
        }
        "CA3" => {
            expect("mode2", &["SLOTS"])?;
            Rule::Ca3(Ca3 {
                teams1: teams("teams1")?,
                teams2: teams("teams2")?,
                min: optional_number("min")?,
                max: number_attribute(node, "max")?,
                mode: mode("mode1")?,
                window: number_attribute(node, "intp")?,
            })
        }
        "CA4" => Rule::Ca4(Ca4 {
            teams1: teams("teams1")?,
            teams2: teams("teams2")?,
            min: optional_number("min")?,
            max: number_attribute(node, "max")?,
            mode: mode("mode1")?,
            scope: match required_attribute(node, "mode2")? {
                "GLOBAL" => SlotScope::Global,
                "EVERY" => SlotScope::Every,
                other => return Err(invalid(element, "mode2", other)),
            },
            slots: slots("slots")?,
        }),
        "GA1" => Rule::Ga1(Ga1 {
            meetings: meeting_list(node, bounds)?,
            min: optional_number("min")?,
            max: number_attribute(node, "max")?,
            slots: slots("slots")?,
        }),
        "BR1" => {
            expect("mode1", &["LEQ"])?;
            Rule::Br1(Br1 {
                teams: teams("teams")?,
                max: number_attribute(node, "intp")?,
                mode: mode("mode2")?,
                slots: slots("slots")?,
            })
        }
        "BR2" => {
            expect("homeMode", &["HA"])?;
            expect("mode2", &["LEQ"])?;
            Rule::Br2(Br2 {
                teams: teams("teams")?,
                max: number_attribute(node, "intp")?,
                slots: slots("slots")?,
            })
        }
        "FA2" => {
            expect("mode", &["H"])?;
            Rule::Fa2(Fa2 {
                teams: teams("teams")?,
                max_difference: number_attribute(node, "intp")?,
                slots: slots("slots")?,
            })
        }
        "SE1" => {
            expect("mode1", &["SLOTS"])?;
            Rule::Se1(Se1 {
                teams: teams("teams")?,
                min_gap: number_attribute(node, "min")?,
            })
        }
        other => return Err(ScheduleError::UnsupportedConstraint(other.to_string())),
    };
    Ok(Constraint { importance, rule })
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, tag: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name(tag))
}

fn required_child<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    tag: &str,
) -> Result<roxmltree::Node<'a, 'i>, ScheduleError> {
    child(node, tag).ok_or_else(|| {
        ScheduleError::Format(format!("<{}> has no <{tag}>", node.tag_name().name()))
    })
}

/// Reads `<team id=".." name=".."/>`-style resources, checking ids run 0, 1, 2, ...
fn read_resources(node: roxmltree::Node, tag: &str) -> Result<Vec<String>, ScheduleError> {
    let mut names: Vec<Option<String>> = Vec::new();
    for item in node.children().filter(|n| n.has_tag_name(tag)) {
        let id: usize = number_attribute(item, "id")?;
        if id >= 10_000 {
            return Err(invalid(tag, "id", &id.to_string()));
        }
        if names.len() <= id {
            names.resize(id + 1, None);
        }
        if names[id].is_some() {
            return Err(ScheduleError::Format(format!("duplicate <{tag}> id {id}")));
        }
        names[id] = Some(item.attribute("name").unwrap_or_default().to_string());
    }
    names
        .into_iter()
        .enumerate()
        .map(|(id, name)| {
            name.ok_or_else(|| ScheduleError::Format(format!("<{tag}> ids skip {id}")))
        })
        .collect()
}

fn required_attribute<'a>(
    node: roxmltree::Node<'a, '_>,
    name: &str,
) -> Result<&'a str, ScheduleError> {
    node.attribute(name)
        .ok_or_else(|| ScheduleError::MissingAttribute {
            element: node.tag_name().name().to_string(),
            attribute: name.to_string(),
        })
}

fn number_attribute<T: std::str::FromStr>(
    node: roxmltree::Node,
    name: &str,
) -> Result<T, ScheduleError> {
    let value = required_attribute(node, name)?;
    value
        .trim()
        .parse()
        .map_err(|_| invalid(node.tag_name().name(), name, value))
}

fn invalid(element: &str, attribute: &str, value: &str) -> ScheduleError {
    ScheduleError::InvalidAttribute {
        element: element.to_string(),
        attribute: attribute.to_string(),
        value: value.to_string(),
    }
}

/// Splits "0;1;2" (or "0,1,2"; trailing separators allowed) into numbers below `limit`.
fn id_list(
    node: roxmltree::Node,
    attribute: &str,
    limit: usize,
) -> Result<Vec<usize>, ScheduleError> {
    let value = required_attribute(node, attribute)?;
    let mut ids = Vec::new();
    for part in value
        .split([';', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        match part.parse::<usize>() {
            Ok(id) if id < limit => ids.push(id),
            _ => return Err(invalid(node.tag_name().name(), attribute, value)),
        }
    }
    Ok(ids)
}

fn team_list(
    node: roxmltree::Node,
    attribute: &str,
    bounds: &Bounds,
) -> Result<Vec<TeamId>, ScheduleError> {
    id_list(node, attribute, bounds.teams)
}

fn slot_list(
    node: roxmltree::Node,
    attribute: &str,
    bounds: &Bounds,
) -> Result<Vec<SlotId>, ScheduleError> {
    id_list(node, attribute, bounds.slots)
}

/// Parses GA1's "0,1;1,2;" into (home, away) pairs.
fn meeting_list(
    node: roxmltree::Node,
    bounds: &Bounds,
) -> Result<Vec<(TeamId, TeamId)>, ScheduleError> {
    let value = required_attribute(node, "meetings")?;
    let bad = || invalid(node.tag_name().name(), "meetings", value);
    let mut meetings = Vec::new();
    for pair in value.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (home, away) = pair.split_once(',').ok_or_else(bad)?;
        let home: usize = home.trim().parse().map_err(|_| bad())?;
        let away: usize = away.trim().parse().map_err(|_| bad())?;
        if home >= bounds.teams || away >= bounds.teams {
            return Err(bad());
        }
        meetings.push((home, away));
    }
    Ok(meetings)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"<Instance>
      <MetaData><InstanceName>Tiny</InstanceName></MetaData>
      <Structure><Format leagueIds="0"><numberRoundRobin>2</numberRoundRobin>
        <compactness>C</compactness><gameMode>P</gameMode></Format></Structure>
      <Resources>
        <Teams><team id="0" name="A"/><team id="1" name="B"/></Teams>
        <Slots><slot id="0" name="S0"/><slot id="1" name="S1"/></Slots>
      </Resources>
      <Constraints>
        <CapacityConstraints>
          <CA1 max="0" min="0" mode="H" slots="0" teams="0" type="HARD"/>
        </CapacityConstraints>
        <GameConstraints><GA1 max="0" meetings="0,1;" min="0" slots="1" type="SOFT" penalty="5"/></GameConstraints>
      </Constraints>
    </Instance>"#;

    #[test]
    fn parses_a_small_instance() {
        let instance = Instance::from_xml(SMALL).unwrap();
        assert_eq!(instance.name, "Tiny");
        assert_eq!(instance.team_count(), 2);
        assert_eq!(instance.slot_count(), 2);
        assert!(instance.format.phased && instance.format.compact);
        assert_eq!(instance.constraints.len(), 2);
        assert_eq!(
            instance.constraints[1],
            Constraint {
                importance: Importance::Soft { penalty: 5 },
                rule: Rule::Ga1(Ga1 {
                    meetings: vec![(0, 1)],
                    min: 0,
                    max: 0,
                    slots: vec![1]
                }),
            }
        );
    }

    #[test]
    fn unknown_constraint_class_is_an_error() {
        let xml = SMALL.replace("<CA1 max", "<CA9 max");
        assert!(matches!(
            Instance::from_xml(&xml),
            Err(ScheduleError::UnsupportedConstraint(kind)) if kind == "CA9"
        ));
    }

    #[test]
    fn malformed_xml_and_bad_values_are_errors() {
        assert!(matches!(
            Instance::from_xml("<Instance><Resources>"),
            Err(ScheduleError::Xml(_))
        ));
        let out_of_range = SMALL.replace("teams=\"0\"", "teams=\"7\"");
        assert!(matches!(
            Instance::from_xml(&out_of_range),
            Err(ScheduleError::InvalidAttribute { .. })
        ));
        let no_max = SMALL.replace("max=\"0\" min=\"0\" mode=\"H\"", "mode=\"H\"");
        assert!(matches!(
            Instance::from_xml(&no_max),
            Err(ScheduleError::MissingAttribute { .. })
        ));
        assert!(Solution::from_xml(
            "<Solution><Games><ScheduledMatch home=\"x\"/></Games></Solution>"
        )
        .is_err());
    }

    #[test]
    fn solution_round_trips_through_xml() {
        let solution = Solution {
            instance_name: "Tiny & co".into(),
            solution_name: "cunba".into(),
            claimed_infeasibility: Some(0),
            claimed_objective: Some(12),
            games: vec![
                Game {
                    home: 1,
                    away: 0,
                    slot: 1,
                },
                Game {
                    home: 0,
                    away: 1,
                    slot: 0,
                },
            ],
        };
        let parsed = Solution::from_xml(&solution.to_xml()).unwrap();
        assert_eq!(parsed.instance_name, solution.instance_name);
        assert_eq!(parsed.claimed_objective, Some(12));
        assert_eq!(parsed.games.len(), 2);
        assert_eq!(
            parsed.games[0],
            Game {
                home: 0,
                away: 1,
                slot: 0
            }
        );
    }
}
