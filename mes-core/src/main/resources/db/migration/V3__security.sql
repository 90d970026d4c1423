-- People and machines that may call the API.

-- Built-in users (for the embedded default and small plants; SSO plants use JWTs).
-- password_hash is in Spring Security's delegating format ({bcrypt}...), salted per user.
CREATE TABLE app_user (
  username             text PRIMARY KEY,
  password_hash        text NOT NULL,
  roles                text[] NOT NULL,
  enabled              boolean NOT NULL DEFAULT true,
  created_at           timestamptz NOT NULL DEFAULT now(),
  created_by           text NOT NULL,
  password_changed_at  timestamptz NOT NULL DEFAULT now()
);

-- API tokens for integrations and edge agents. The secret is shown once at creation and only
-- its SHA-256 is kept. An edge token is scoped to one line (site + line).
CREATE TABLE api_token (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  secret_sha256 text NOT NULL,
  roles         text[] NOT NULL,
  site          text,
  line          text,
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  revoked_by    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    text NOT NULL,
  last_used_at  timestamptz,
  CHECK ((site IS NULL) = (line IS NULL))
);
