-- The first history schema (user_version 1): samples kept by commit,
-- no runs, no series, no parent.  tests/history.sh builds a database
-- from it and checks that cbenchstat migrates it to the current schema.
PRAGMA application_id = 1667396456;
CREATE TABLE commits (
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  branch TEXT,
  commit_time INTEGER,
  recorded_time INTEGER NOT NULL);
CREATE TABLE samples (
  commit_id INTEGER NOT NULL REFERENCES commits(id),
  benchmark TEXT NOT NULL,
  unit TEXT NOT NULL,
  value REAL NOT NULL);
INSERT INTO commits VALUES (1, 'v1a', 'main', 1700000000, 1700000100);
INSERT INTO commits VALUES (2, 'v1b', 'main', 1700001000, 1700001100);
INSERT INTO commits VALUES (3, 'v1c', 'main', 1700002000, 1700002100);
INSERT INTO samples VALUES (1, 'Old-8', 'sec/op', 1.00e-6);
INSERT INTO samples VALUES (1, 'Old-8', 'sec/op', 1.02e-6);
INSERT INTO samples VALUES (1, 'Old-8', 'sec/op', 0.99e-6);
INSERT INTO samples VALUES (2, 'Old-8', 'sec/op', 1.01e-6);
INSERT INTO samples VALUES (2, 'Old-8', 'sec/op', 1.00e-6);
INSERT INTO samples VALUES (2, 'Old-8', 'sec/op', 1.03e-6);
INSERT INTO samples VALUES (3, 'Old-8', 'sec/op', 1.00e-6);
INSERT INTO samples VALUES (3, 'Old-8', 'sec/op', 0.98e-6);
INSERT INTO samples VALUES (3, 'Old-8', 'sec/op', 1.01e-6);
INSERT INTO samples VALUES (3, 'Old-8', 'B/op', 64);
PRAGMA user_version = 1;
