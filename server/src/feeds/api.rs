//! The read-only JSON API, `/api/v1/…`, described by its own OpenAPI document at
//! `/api/v1/openapi.json`. It serves the same data as the pages, from the same queries.
use app::db::{queries, standings};
use app::i18n::Lang;
use app::model::*;
use app::state::AppState;
use axum::{
    extract::{FromRequestParts, Path, Query, State},
    http::{request::Parts, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use chrono::Utc;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Cunba public API",
        version = "1",
        description = "Competitions, standings (FIBA Annex D), games and teams of the association. Read-only; times are RFC 3339 in Asia/Shanghai."
    ),
    paths(
        competitions,
        competition_standings,
        games,
        game,
        teams,
        team,
        player,
        honours
    ),
    components(schemas(
        ApiError,
        StandingsData,
        FixturesData,
        GameData,
        TeamData,
        PlayerData,
        GroupTeams,
        CompetitionSummary,
        HonoursData
    ))
)]
pub struct ApiDoc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/openapi.json",
            get(|| async { Json(ApiDoc::openapi()) }),
        )
        .route("/api/v1/competitions", get(competitions))
        .route(
            "/api/v1/competitions/{id}/standings",
            get(competition_standings),
        )
        .route("/api/v1/games", get(games))
        .route("/api/v1/games/{id}", get(game))
        .route("/api/v1/teams", get(teams))
        .route("/api/v1/teams/{id}", get(team))
        .route("/api/v1/players/{id}", get(player))
        .route("/api/v1/honours", get(honours))
}

/// Every finished competition's champion, runner-up and third, the latest year first.
#[utoipa::path(get, path = "/api/v1/honours", responses((status = 200, body = HonoursData)))]
async fn honours(State(state): State<AppState>) -> Result<Json<HonoursData>, Failure> {
    Ok(Json(app::db::honours::page(&state.db, &state.names).await?))
}

/// What an API error looks like.
#[derive(Serialize, ToSchema)]
pub struct ApiError {
    pub error: String,
}

pub enum Failure {
    /// A path or query parameter that does not parse (`/api/v1/games/x`, an id beyond
    /// 2147483647, `?team=abc`): what is wrong, as JSON like every other answer.
    BadRequest(String),
    NotFound,
    Internal(sea_orm::DbErr),
}

impl From<sea_orm::DbErr> for Failure {
    fn from(error: sea_orm::DbErr) -> Self {
        Failure::Internal(error)
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            Failure::BadRequest(message) => (StatusCode::BAD_REQUEST, message),
            Failure::NotFound => (StatusCode::NOT_FOUND, "not found".to_owned()),
            Failure::Internal(sea_orm::DbErr::ConnectionAcquire(error)) => {
                // Busy, not broken: every connection is in use (or the database is away).
                tracing::warn!(%error, "API query waited too long for a connection");
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [(axum::http::header::RETRY_AFTER, "5")],
                    Json(ApiError {
                        error: "busy, retry shortly".to_owned(),
                    }),
                )
                    .into_response();
            }
            Failure::Internal(error) => {
                tracing::error!(%error, "API query failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal error".to_owned(),
                )
            }
        };
        (status, Json(ApiError { error: message })).into_response()
    }
}

/// `Path`, with a JSON 400 [`ApiError`] instead of axum's plain-text rejection.
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Failure> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| ApiPath(value))
            .map_err(|rejection| Failure::BadRequest(rejection.body_text()))
    }
}

/// `Query`, with a JSON 400 [`ApiError`] instead of axum's plain-text rejection.
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Failure> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(value)| ApiQuery(value))
            .map_err(|rejection| Failure::BadRequest(rejection.body_text()))
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LangQuery {
    /// Language of the tie-break explanations: `zh` (default) or `en`.
    lang: Option<String>,
}

/// Published competitions, the one being played now first (what the standings page opens
/// on), finished ones last.
#[utoipa::path(get, path = "/api/v1/competitions", responses((status = 200, body = Vec<CompetitionSummary>)))]
async fn competitions(
    State(state): State<AppState>,
) -> Result<Json<Vec<CompetitionSummary>>, Failure> {
    let lookup = queries::Lookup::load(&state.db, &state.names).await?;
    Ok(Json(
        queries::competitions_now(&state.db, &lookup, Utc::now()).await?,
    ))
}

/// Tables (one per pool) with tie-break explanations, and knockout brackets.
#[utoipa::path(
    get,
    path = "/api/v1/competitions/{id}/standings",
    params(("id" = i32, Path, description = "competition id"), LangQuery),
    responses(
        (status = 200, body = StandingsData),
        (status = 400, description = "an id or parameter that does not parse", body = ApiError),
        (status = 404, body = ApiError)
    )
)]
async fn competition_standings(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i32>,
    ApiQuery(query): ApiQuery<LangQuery>,
) -> Result<Json<StandingsData>, Failure> {
    let lang = query
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_default();
    let data = standings::page(&state.db, &state.names, Some(id), lang, Utc::now()).await?;
    match &data.selected {
        Some(selected) if selected.id == id => Ok(Json(data)),
        _ => Err(Failure::NotFound),
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GamesQuery {
    competition: Option<i32>,
    team: Option<i32>,
    /// Villager group id: games of its teams.
    group: Option<i32>,
    court: Option<i32>,
}

/// Games of published competitions in order of play, optionally filtered.
#[utoipa::path(
    get,
    path = "/api/v1/games",
    params(GamesQuery),
    responses(
        (status = 200, body = FixturesData),
        (status = 400, description = "a filter that does not parse", body = ApiError)
    )
)]
async fn games(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<GamesQuery>,
) -> Result<Json<FixturesData>, Failure> {
    let filter = FixtureFilter {
        competition: query.competition,
        team: query.team,
        group: query.group,
        court: query.court,
        days: FixtureDays::All,
    };
    Ok(Json(
        queries::fixtures(&state.db, &state.names, &filter, Utc::now()).await?,
    ))
}

/// One game with its score by period.
#[utoipa::path(
    get,
    path = "/api/v1/games/{id}",
    params(("id" = i32, Path, description = "game id")),
    responses(
        (status = 200, body = GameData),
        (status = 400, description = "an id that does not parse", body = ApiError),
        (status = 404, body = ApiError)
    )
)]
async fn game(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<GameData>, Failure> {
    queries::game_page(&state.db, &state.names, id, Utc::now())
        .await?
        .map(Json)
        .ok_or(Failure::NotFound)
}

/// Teams by villager group.
#[utoipa::path(get, path = "/api/v1/teams", responses((status = 200, body = Vec<GroupTeams>)))]
async fn teams(State(state): State<AppState>) -> Result<Json<Vec<GroupTeams>>, Failure> {
    Ok(Json(queries::teams(&state.db, &state.names).await?))
}

/// A team with roster, results and next games.
#[utoipa::path(
    get,
    path = "/api/v1/teams/{id}",
    params(("id" = i32, Path, description = "team id")),
    responses(
        (status = 200, body = TeamData),
        (status = 400, description = "an id that does not parse", body = ApiError),
        (status = 404, body = ApiError)
    )
)]
async fn team(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<TeamData>, Failure> {
    queries::team_page(&state.db, &state.names, id, Utc::now())
        .await?
        .map(Json)
        .ok_or(Failure::NotFound)
}

/// A player: their team, each competition's season line and their games with a box score.
#[utoipa::path(
    get,
    path = "/api/v1/players/{id}",
    params(("id" = i32, Path, description = "player id")),
    responses(
        (status = 200, body = PlayerData),
        (status = 400, description = "an id that does not parse", body = ApiError),
        (status = 404, body = ApiError)
    )
)]
async fn player(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<PlayerData>, Failure> {
    app::db::leaders::player_page(&state.db, &state.names, id, Utc::now())
        .await?
        .map(Json)
        .ok_or(Failure::NotFound)
}
