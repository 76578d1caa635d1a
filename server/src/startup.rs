//! Building the application: database, migrations, demo data, router, listener.
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use app::{shell, state::AppState, App};
use axum::{
    extract::State,
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Form, Router,
};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use serde::Deserialize;
use tokio::net::TcpListener;
use tower_http::{
    compression::{predicate::DefaultPredicate, CompressionLayer, Predicate},
    set_header::SetResponseHeaderLayer,
};

use crate::http::page_cache::CompressUnlessEncoded;
use crate::{config::Settings, database, demo};

pub struct Application {
    listener: TcpListener,
    router: Router,
    pub state: AppState,
}

impl Application {
    /// Connects, migrates, loads the demo league into a new database (unless told not to),
    /// renders the public pages once (when told to: [`crate::http::warm`]) and binds the
    /// listener. Errors say what to do in the operator's words.
    pub async fn build(settings: &Settings) -> anyhow::Result<Self> {
        let state = prepare_state(settings).await?;
        database::open_every_connection(&state.db).await?;
        let router = router(state.clone());
        if settings.warm {
            let started = std::time::Instant::now();
            let pages = crate::http::warm::warm(&router, chrono::Utc::now()).await;
            tracing::info!(pages, took = ?started.elapsed(), "public pages rendered before taking requests");
        }
        let listener = TcpListener::bind(settings.addr).await.map_err(|error| {
            if error.kind() == std::io::ErrorKind::AddrInUse {
                anyhow::anyhow!(
                    "端口已被占用 / the address {} is already in use: stop the other server or pass --addr 127.0.0.1:PORT",
                    settings.addr
                )
            } else {
                anyhow::Error::new(error).context(format!("cannot listen on {}", settings.addr))
            }
        })?;
        Ok(Self {
            listener,
            router,
            state,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        tokio::spawn(auto_confirm_loop(self.state.clone()));
        tokio::spawn(forget_idle_limits_loop(self.state.limits.clone()));
        tokio::spawn(crate::actions::camp::lapse_offers_loop(
            self.state.db.clone(),
        ));
        tokio::spawn(crate::retention::retention_loop(self.state.db.clone()));
        let live = self.state.live.clone();
        serve(self.listener, self.router, async move {
            shutdown_signal().await;
            // Open `/live` streams never end by themselves: end them, or the graceful
            // shutdown would wait for every reader to close the page.
            live.close();
        })
        .await
    }
}

/// How long a client may take to send a request's headers. The request timeout
/// ([`crate::http::timeouts`]) starts only once they are in: without this, a client sending
/// its headers a byte at a time would hold a connection for ever.
pub const HEADER_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Serves `router` on `listener` until `shutdown`, then lets the open requests finish.
/// What `axum::serve` does, plus [`HEADER_READ_TIMEOUT`] (which it has no setting for).
async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()>,
) -> anyhow::Result<()> {
    use axum::extract::ConnectInfo;
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto::Builder;
    use tower::ServiceExt;

    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
    builder.http2().timer(TokioTimer::new());
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait a moment, go on.
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = router.clone().map_request(
            move |mut request: axum::http::Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(ConnectInfo(remote));
                request.map(axum::body::Body::new)
            },
        );
        let service = hyper_util::service::TowerToHyperService::new(service);
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), service)
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::trace!("a connection ended: {error}");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// Database connection (migrated, demo loaded when new), live updates and site options.
pub async fn prepare_state(settings: &Settings) -> anyhow::Result<AppState> {
    let db = database::connect(&settings.database_url).await?;
    let was_new = database::migrate(&db).await?;
    if !demo::has_data(&db).await? {
        if settings.demo && was_new {
            tracing::info!("new database: loading the demo league");
            demo::seed(&db, chrono::Utc::now())
                .await
                .context("loading the demo league failed")?;
            if !settings.addr.ip().is_loopback() {
                // Anyone can reach it: not the README's published passwords.
                let (password, pin) = demo::replace_published_secrets(&db)
                    .await
                    .context("making the demo's passwords failed")?;
                println!(
                    "演示数据的新密码（只显示这一次）/ the demo's new secrets, shown once:\n  organiser, referee: {password}\n  captains' PIN: {pin}"
                );
            }
        } else {
            // A real installation starts empty: the association organisers set up.
            tracing::info!("empty database: creating the association, ready for set-up");
            database::create_association(&db).await?;
        }
    }
    let live = app::live::Hub::for_database(&db)
        .await
        .context("cannot start live updates (LISTEN cunba_live)")?;
    Ok(AppState {
        names: Arc::new(app::db::queries::NamesCache::new(live.clone())),
        db,
        leptos_options: settings.leptos_options(),
        limits: std::sync::Arc::new(app::state::Limits::with_report_limit(settings.report_limit)),
        auto_confirm_after: chrono::Duration::hours(i64::from(settings.auto_confirm_hours)),
        live,
    })
}

/// The app's routes, worked out once per process. Leptos works them out by rendering the app
/// with resource loading switched off for the whole process (leptos-rs/leptos#4773): a page
/// whose data started loading at that moment, in another router of the same process (the
/// tests run many at once), would never finish. Once per process, before any router exists,
/// no page can be rendering.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole HTTP surface: pages, server functions, static files and small form endpoints.
pub fn router(state: AppState) -> Router {
    router_with_cards(state, crate::feeds::cards::Cards::shared())
}

/// [`router`] with the given share cards (a test may give cards without a font).
pub fn router_with_cards(state: AppState, cards: Arc<crate::feeds::cards::Cards>) -> Router {
    let routes = route_list();
    let share = app::components::share::ShareCards(cards.available());
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            provide_context(share);
        }
    };
    let page = {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    };
    let assets =
        crate::http::assets::Assets::new(state.leptos_options.site_root.to_string().into());
    let cache = crate::http::page_cache::PageCache::new(state.live.clone());
    // The routes and what each of them needs (who is asking). Everything a cached answer
    // goes through wraps the router as a whole, below: a route's service is cloned for each
    // request it handles (its handler with the app's state and Leptos's options: a sixth of
    // the CPU when it was done for cache hits too), the layers around the router only once.
    let routes = Router::new()
        .route("/lang", post(set_language))
        .route("/healthz", get(health))
        .merge(crate::actions::routes())
        .merge(crate::actions::people::routes())
        .merge(crate::actions::camp::routes())
        .merge(crate::actions::camp_setup::routes())
        .merge(crate::actions::community::routes())
        .merge(crate::actions::setup::routes())
        .merge(crate::actions::changes::routes())
        .merge(crate::feeds::print::routes())
        .merge(crate::actions::competitions::routes())
        .merge(crate::actions::live::routes())
        .merge(crate::feeds::api::routes())
        .merge(crate::feeds::calendar::routes())
        .merge(crate::feeds::atom::routes())
        .merge(crate::http::live::routes())
        .merge(crate::feeds::cards::routes(cards))
        .leptos_routes_with_context(&state, routes, context.clone(), page)
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::http::forbidden::layer,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::actions::session_layer,
        ))
        .with_state(state);
    let pages = Router::new()
        .fallback_service(routes)
        .layer(axum::middleware::from_fn_with_state(
            assets,
            crate::http::assets::layer,
        ))
        // Outside the session layer: a cached answer costs no session lookup.
        .layer(axum::middleware::from_fn_with_state(
            cache,
            crate::http::page_cache::layer,
        ))
        .layer(axum::middleware::from_fn(crate::actions::same_origin_layer))
        .layer(axum::middleware::from_fn(
            crate::actions::forwarded_client_layer,
        ))
        // What the page cache answers is already in the reader's coding (compressed once
        // per render): the layer compresses everything else.
        .layer(
            CompressionLayer::new()
                .compress_when(DefaultPredicate::new().and(CompressUnlessEncoded)),
        )
        // A form or a score report is a few hundred bytes: refuse anything much larger
        // before reading it.
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; img-src 'self'; style-src 'self'; frame-ancestors 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(axum::middleware::from_fn(crate::http::private_pages::layer))
        .layer(axum::middleware::from_fn(crate::http::timeouts::layer));
    // A form sent back with errors is rendered again by the same router.
    Router::new()
        .fallback_service(pages.clone())
        .layer(axum::middleware::from_fn_with_state(
            pages,
            crate::http::returned_form::layer,
        ))
}

/// Reports nobody answered in time stand by themselves; checked every minute. Several
/// instances may run this at once: each game's version lets only one of them through.
async fn auto_confirm_loop(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        tick.tick().await;
        match app::db::reports::auto_confirm(
            &state.db,
            state.auto_confirm_after,
            chrono::Utc::now(),
        )
        .await
        {
            Ok(games) => {
                for game in games {
                    tracing::info!(game = game.id, "report confirmed by the deadline");
                    state
                        .live
                        .publish(app::live::LiveEvent::of(app::live::LiveKind::Result, &game))
                        .await;
                }
            }
            Err(error) => tracing::error!(%error, "auto-confirm failed"),
        }
    }
}

/// Rate limits whose quota is full again are forgotten every ten minutes.
async fn forget_idle_limits_loop(limits: std::sync::Arc<app::state::Limits>) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        tick.tick().await;
        limits.forget_idle();
    }
}

async fn health(State(state): State<AppState>) -> Response {
    match database::ping(&state.db).await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(error) => {
            tracing::error!(%error, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

#[derive(Deserialize)]
struct LanguageForm {
    lang: String,
    next: Option<String>,
}

/// The language switch: a plain form post (works without JavaScript) that remembers the
/// choice for a year and returns to the page the reader was on.
async fn set_language(Form(form): Form<LanguageForm>) -> Response {
    let Some(lang) = app::i18n::Lang::parse(&form.lang) else {
        return (StatusCode::BAD_REQUEST, "unknown language / 未知语言").into_response();
    };
    // Only paths on this site: never an open redirect.
    let next = app::auth::local_path_or(form.next.as_deref(), "/");
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
        app::i18n::LANG_COOKIE,
        lang.code()
    );
    let mut response = crate::actions::see_other(&next);
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("a plain ASCII cookie"),
    );
    // A reader's language changes no page: the page cache keeps everything.
    crate::http::page_cache::changed_only(response, [])
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
