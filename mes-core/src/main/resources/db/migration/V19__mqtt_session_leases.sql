-- Which core instance holds which MQTT session of the shared subscription. An instance renews its
-- leases every few seconds; a lease that has run out belongs to an instance that died (or stopped
-- alone), and a live instance adopts that session: it connects with its client id, takes what the
-- broker kept for it, stores it, and ends the session (MqttIngestion, SessionLeases).
CREATE TABLE mqtt_session_lease (
  client_id  text PRIMARY KEY,
  holder     text NOT NULL,
  adopted    boolean NOT NULL DEFAULT false,
  expires_at timestamptz NOT NULL
);
