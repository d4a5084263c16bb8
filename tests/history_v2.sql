-- The second history schema (user_version 2), as cbenchstat 41e0148 made
-- it: a series' configuration only as "key=value" lines, no unit
-- metadata, 32-hex-digit FNV content hashes (run 2's is that of the
-- bytes "goos: linux\nnote: a=b c\\d\nBenchmarkTwo-8 1 2.5 ns/op\n", as
-- cbenchstat 3bc9d2e recorded them).  tests/history.sh checks that a
-- reader leaves it untouched, a writer migrates it to schema 3 with the
-- same answers, and those bytes recorded again for v2b add nothing.
PRAGMA application_id = 1667396456;
CREATE TABLE commits (
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  branch TEXT,
  commit_time INTEGER,
  recorded_time INTEGER NOT NULL,
  parent TEXT);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  commit_id INTEGER NOT NULL REFERENCES commits(id),
  content_hash TEXT NOT NULL,
  source TEXT NOT NULL,
  recorded_time INTEGER NOT NULL,
  UNIQUE (commit_id, content_hash));
CREATE TABLE series (
  id INTEGER PRIMARY KEY,
  benchmark TEXT NOT NULL,
  unit TEXT NOT NULL,
  config TEXT NOT NULL,
  UNIQUE (benchmark, unit, config));
CREATE TABLE samples (
  series_id INTEGER NOT NULL REFERENCES series(id),
  run_id INTEGER NOT NULL REFERENCES runs(id),
  seq INTEGER NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (series_id, run_id, seq)) WITHOUT ROWID;
INSERT INTO commits VALUES (1, 'v2a', 'main', 1700000000, 1700000100, NULL);
INSERT INTO commits VALUES (2, 'v2b', 'main', 1700001000, 1700001100, 'v2a');
INSERT INTO runs VALUES (1, 1, '0123456789abcdef0123456789abcdef', 'a.txt', 1700000100);
INSERT INTO runs VALUES (2, 2, 'cf0168477ba06301ffb17527ae2ad4fa', 'b.txt', 1700001100);
INSERT INTO series VALUES (1, 'Two-8', 'sec/op', 'goos=linux' || char(10) || 'note=a=b c\d');
INSERT INTO series VALUES (2, 'Two-8', 'B/op', 'goos=linux' || char(10) || 'note=a=b c\d');
INSERT INTO samples VALUES (1, 1, 0, 2.00e-6);
INSERT INTO samples VALUES (1, 1, 1, 2.02e-6);
INSERT INTO samples VALUES (1, 1, 2, 1.99e-6);
INSERT INTO samples VALUES (1, 2, 0, 2.51e-6);
INSERT INTO samples VALUES (1, 2, 1, 2.50e-6);
INSERT INTO samples VALUES (1, 2, 2, 2.49e-6);
INSERT INTO samples VALUES (2, 1, 0, 64);
INSERT INTO samples VALUES (2, 2, 0, 64);
PRAGMA user_version = 2;
