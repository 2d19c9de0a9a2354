-- A small operations database for the mcpgw demo: services, their deployments, incidents
-- and the on-call rota. Built by `mcpgw serve --demo` (or: sqlite3 demo.db < demo.sql).
-- Keep this file free of at-signs: CMake embeds it with configure_file in ONLY mode.
PRAGMA foreign_keys = ON;
BEGIN;

CREATE TABLE teams (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    slack   TEXT NOT NULL
);

CREATE TABLE services (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    team_id     INTEGER NOT NULL REFERENCES teams(id),
    tier        INTEGER NOT NULL CHECK (tier BETWEEN 1 AND 3),
    language    TEXT NOT NULL,
    repo        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE deployments (
    id           INTEGER PRIMARY KEY,
    service_id   INTEGER NOT NULL REFERENCES services(id),
    version      TEXT NOT NULL,
    environment  TEXT NOT NULL CHECK (environment IN ('staging', 'production')),
    status       TEXT NOT NULL CHECK (status IN ('succeeded', 'failed', 'rolled_back')),
    deployed_by  TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    duration_s   INTEGER NOT NULL
);

CREATE TABLE incidents (
    id           INTEGER PRIMARY KEY,
    service_id   INTEGER NOT NULL REFERENCES services(id),
    severity     TEXT NOT NULL CHECK (severity IN ('sev1', 'sev2', 'sev3')),
    title        TEXT NOT NULL,
    opened_at    TEXT NOT NULL,
    resolved_at  TEXT,
    cause        TEXT
);

CREATE TABLE oncall (
    id        INTEGER PRIMARY KEY,
    team_id   INTEGER NOT NULL REFERENCES teams(id),
    engineer  TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at   TEXT NOT NULL
);

CREATE INDEX deployments_service ON deployments (service_id, started_at);
CREATE INDEX incidents_service ON incidents (service_id, opened_at);

CREATE VIEW open_incidents AS
    SELECT i.id, s.name AS service, i.severity, i.title, i.opened_at
    FROM incidents i JOIN services s ON s.id = i.service_id
    WHERE i.resolved_at IS NULL;

CREATE VIEW deploy_success_rate AS
    SELECT s.name AS service,
           count(*) AS deploys,
           round(100.0 * sum(d.status = 'succeeded') / count(*), 1) AS success_pct
    FROM deployments d JOIN services s ON s.id = d.service_id
    WHERE d.environment = 'production'
    GROUP BY s.name;

INSERT INTO teams (id, name, slack) VALUES
    (1, 'payments', '#team-payments'),
    (2, 'platform', '#team-platform'),
    (3, 'growth',   '#team-growth'),
    (4, 'data',     '#team-data');

INSERT INTO services (id, name, team_id, tier, language, repo, created_at) VALUES
    (1, 'checkout-api',    1, 1, 'go',     'github.com/example/checkout-api',    '2021-03-14'),
    (2, 'payments-worker', 1, 1, 'java',   'github.com/example/payments-worker', '2020-11-02'),
    (3, 'api-gateway',     2, 1, 'c++',    'github.com/example/api-gateway',     '2019-06-21'),
    (4, 'auth-service',    2, 1, 'go',     'github.com/example/auth-service',    '2019-08-30'),
    (5, 'search',          3, 2, 'python', 'github.com/example/search',          '2022-01-10'),
    (6, 'recommendations', 3, 2, 'python', 'github.com/example/recommendations', '2022-05-19'),
    (7, 'email-sender',    3, 3, 'node',   'github.com/example/email-sender',    '2021-09-07'),
    (8, 'etl-nightly',     4, 3, 'python', 'github.com/example/etl-nightly',     '2020-02-28'),
    (9, 'metrics-ingest',  4, 2, 'rust',   'github.com/example/metrics-ingest',  '2023-04-03');

INSERT INTO deployments (service_id, version, environment, status, deployed_by, started_at, duration_s) VALUES
    (1, 'v2.14.0', 'staging',    'succeeded',   'maria',  '2024-05-06T09:12:00Z', 184),
    (1, 'v2.14.0', 'production', 'succeeded',   'maria',  '2024-05-06T14:03:00Z', 312),
    (1, 'v2.15.0', 'staging',    'succeeded',   'maria',  '2024-05-13T10:40:00Z', 176),
    (1, 'v2.15.0', 'production', 'rolled_back', 'maria',  '2024-05-13T15:21:00Z', 655),
    (1, 'v2.15.1', 'production', 'succeeded',   'kenji',  '2024-05-14T08:55:00Z', 298),
    (2, 'v5.2.3',  'production', 'succeeded',   'ana',    '2024-05-02T11:00:00Z', 421),
    (2, 'v5.3.0',  'staging',    'failed',      'ana',    '2024-05-09T16:30:00Z', 97),
    (2, 'v5.3.0',  'staging',    'succeeded',   'ana',    '2024-05-10T09:05:00Z', 403),
    (2, 'v5.3.0',  'production', 'succeeded',   'ana',    '2024-05-10T13:45:00Z', 455),
    (3, 'v1.9.0',  'production', 'succeeded',   'tomas',  '2024-04-29T07:30:00Z', 120),
    (3, 'v1.9.1',  'production', 'succeeded',   'tomas',  '2024-05-08T07:32:00Z', 118),
    (3, 'v1.10.0', 'production', 'failed',      'priya',  '2024-05-15T07:31:00Z', 64),
    (4, 'v3.0.0',  'staging',    'succeeded',   'priya',  '2024-05-03T12:10:00Z', 233),
    (4, 'v3.0.0',  'production', 'succeeded',   'priya',  '2024-05-07T12:15:00Z', 241),
    (5, 'v0.31.0', 'production', 'succeeded',   'li',     '2024-05-01T10:00:00Z', 510),
    (5, 'v0.32.0', 'production', 'succeeded',   'li',     '2024-05-12T10:02:00Z', 498),
    (6, 'v1.4.2',  'production', 'rolled_back', 'omar',   '2024-05-05T17:44:00Z', 802),
    (6, 'v1.4.3',  'production', 'succeeded',   'omar',   '2024-05-06T09:20:00Z', 377),
    (7, 'v0.8.0',  'production', 'succeeded',   'li',     '2024-04-30T13:13:00Z', 61),
    (8, 'v2.1.0',  'production', 'succeeded',   'sofia',  '2024-05-04T02:00:00Z', 95),
    (9, 'v0.3.0',  'staging',    'succeeded',   'sofia',  '2024-05-11T15:50:00Z', 142),
    (9, 'v0.3.0',  'production', 'succeeded',   'sofia',  '2024-05-14T15:52:00Z', 150);

INSERT INTO incidents (service_id, severity, title, opened_at, resolved_at, cause) VALUES
    (1, 'sev1', 'Checkout returns 502 for card payments', '2024-05-13T15:30:00Z', '2024-05-13T16:05:00Z', 'v2.15.0 connection pool misconfigured; rolled back'),
    (2, 'sev2', 'Payment settlements delayed by 40 minutes', '2024-05-08T03:10:00Z', '2024-05-08T05:02:00Z', 'message queue consumer lag'),
    (3, 'sev2', 'Elevated p99 latency on /v1/orders', '2024-05-15T07:40:00Z', NULL, NULL),
    (4, 'sev3', 'Token refresh errors for a few mobile clients', '2024-05-09T21:00:00Z', '2024-05-10T10:30:00Z', 'clock skew on one node'),
    (5, 'sev3', 'Search index 2 hours stale', '2024-05-12T12:00:00Z', '2024-05-12T13:15:00Z', 'reindex job stuck'),
    (6, 'sev2', 'Recommendations empty on home page', '2024-05-05T18:00:00Z', '2024-05-05T18:50:00Z', 'v1.4.2 feature flag default; rolled back'),
    (7, 'sev3', 'Bounce rate above threshold', '2024-05-14T09:00:00Z', NULL, NULL),
    (8, 'sev3', 'Nightly ETL finished 3 hours late', '2024-05-04T07:00:00Z', '2024-05-04T09:00:00Z', 'upstream export late'),
    (9, 'sev2', 'Metrics gaps for 10 minutes', '2024-05-14T16:05:00Z', '2024-05-14T16:20:00Z', 'ingest pods restarted during deploy');

INSERT INTO oncall (team_id, engineer, starts_at, ends_at) VALUES
    (1, 'maria', '2024-05-06T09:00:00Z', '2024-05-13T09:00:00Z'),
    (1, 'kenji', '2024-05-13T09:00:00Z', '2024-05-20T09:00:00Z'),
    (2, 'tomas', '2024-05-06T09:00:00Z', '2024-05-13T09:00:00Z'),
    (2, 'priya', '2024-05-13T09:00:00Z', '2024-05-20T09:00:00Z'),
    (3, 'li',    '2024-05-06T09:00:00Z', '2024-05-13T09:00:00Z'),
    (3, 'omar',  '2024-05-13T09:00:00Z', '2024-05-20T09:00:00Z'),
    (4, 'sofia', '2024-05-06T09:00:00Z', '2024-05-20T09:00:00Z');

COMMIT;
