//! The camp's demo data and its command line (`cunba camp anonymise --camp ID`).
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};

use app::db::entities::*;
use app::domain::camp::{child_key, reference_code};
use app::model::{EnrolmentStatus, FreePlacePolicy};

/// A camp for next summer with three age groups, enrolment open now (for four weeks), and
/// a few invented enrolments, so the public page shows the form and counts.
pub async fn seed_demo(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<i32, DbErr> {
    let Some(association) = association::Entity::find().one(db).await? else {
        return Ok(0);
    };
    let villages = villager_group::Entity::find()
        .order_by_asc(villager_group::Column::SortOrder)
        .all(db)
        .await?;
    let year = now.year() + 1;
    let date = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).expect("a real date");
    let camp = camp::ActiveModel {
        association_id: Set(association.id),
        name: Set("巷头社区暑期篮球训练营（演示）".into()),
        year: Set(year),
        starts_on: Set(date(year, 7, 13)),
        ends_on: Set(date(year, 8, 7)),
        location: Set("巷头社区灯光球场".into()),
        fee_yuan: Set(200),
        opens_at: Set(now - Duration::hours(1)),
        closes_at: Set(now + Duration::days(28)),
        free_place_policy: Set(FreePlacePolicy::Offer),
        offer_hours: Set(48),
        keep_data_until: Set(date(year, 12, 31)),
        anonymised_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    // Age bands by birth date, school-year style (1 September to 31 August).
    let bands = [
        ("小班（6–8岁）", year - 9, year - 7, 40),
        ("中班（9–11岁）", year - 12, year - 10, 40),
        ("大班（12–14岁）", year - 15, year - 13, 30),
    ];
    let mut groups = Vec::new();
    for (index, (name, from, to, capacity)) in bands.into_iter().enumerate() {
        groups.push(
            camp_group::ActiveModel {
                camp_id: Set(camp.id),
                name: Set(name.into()),
                born_from: Set(date(from, 9, 1)),
                born_to: Set(date(to, 8, 31)),
                capacity: Set(capacity),
                confirmed: Set(0),
                waitlist_seq: Set(0),
                sort_order: Set(index as i32 + 1),
                ..Default::default()
            }
            .insert(db)
            .await?,
        );
    }
    let families = [
        (
            "陈美玲",
            "13800138001",
            vec![("陈子轩", 0, "m"), ("陈雨桐", 1, "f")],
        ),
        ("黄志强", "13900139002", vec![("黄梓涵", 1, "f")]),
        ("李秀英", "13700137003", vec![("李浩然", 2, "m")]),
        ("张伟", "13600136004", vec![("张一诺", 0, "f")]),
    ];
    for (n, (guardian, phone, children)) in families.into_iter().enumerate() {
        let (_, token_hash) = app::db::accounts::new_token();
        let household = camp_household::ActiveModel {
            camp_id: Set(camp.id),
            reference: Set(reference_code([n as u8, 7, 11, 19, 23, 29])),
            token_hash: Set(token_hash),
            guardian_name: Set(guardian.into()),
            guardian_phone: Set(phone.into()),
            created_at: Set(now - Duration::minutes(50 - n as i64)),
            ..Default::default()
        }
        .insert(db)
        .await?;
        for (child, band, gender) in children {
            let group = &groups[band];
            let birth = group.born_from + Duration::days(200 + 30 * n as i64);
            camp_enrolment::ActiveModel {
                camp_id: Set(camp.id),
                group_id: Set(group.id),
                household_id: Set(household.id),
                child_name: Set(child.into()),
                birth_date: Set(birth),
                gender: Set(gender.into()),
                villager_group_id: Set(villages.get(n).map(|v| v.id)),
                medical_notes: Set(String::new()),
                child_key: Set(child_key(child, birth)),
                status: Set(EnrolmentStatus::Confirmed),
                waitlist_no: Set(None),
                offer_expires_at: Set(None),
                fee_paid: Set(n == 0),
                created_at: Set(household.created_at),
                updated_at: Set(household.created_at),
                ..Default::default()
            }
            .insert(db)
            .await?;
            camp_group::Entity::update_many()
                .col_expr(
                    camp_group::Column::Confirmed,
                    sea_orm::sea_query::Expr::value(groups_confirmed(db, group.id).await? + 1),
                )
                .filter(camp_group::Column::Id.eq(group.id))
                .exec(db)
                .await?;
        }
    }
    Ok(camp.id)
}

async fn groups_confirmed(db: &impl ConnectionTrait, id: i32) -> Result<i32, DbErr> {
    Ok(camp_group::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|g| g.confirmed)
        .unwrap_or(0))
}

#[derive(clap::Subcommand, Debug)]
pub enum CampCommand {
    /// Anonymise a past camp: names, mobile numbers, medical notes and exact birth dates
    /// are removed, private links stop working; counts per group stay
    Anonymise {
        #[arg(long)]
        camp: i32,
    },
}

pub async fn run(database_url: String, command: CampCommand) -> anyhow::Result<()> {
    let db = crate::database::connect(&database_url).await?;
    match command {
        CampCommand::Anonymise { camp } => {
            match app::db::camp::anonymise(&db, camp, Utc::now()).await {
                Ok(count) => {
                    println!("camp {camp}: {count} enrolments anonymised");
                    Ok(())
                }
                Err(app::db::camp::CampError::NoCamp) => {
                    anyhow::bail!("no camp with id {camp} / 没有这个训练营")
                }
                Err(error) => Err(error.into()),
            }
        }
    }
}
