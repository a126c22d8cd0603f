-- The working-day calendar, one row per loaded year.

CREATE TABLE calendar_year (
  year integer PRIMARY KEY CHECK (year BETWEEN 1990 AND 2200),
  holidays date[] NOT NULL,
  workdays date[] NOT NULL,
  source text NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now(),
  loaded_by uuid REFERENCES account (id)
);
COMMENT ON TABLE calendar_year IS 'The official schedule of one year (国务院办公厅 holiday notice): statutory days off and make-up working days (调休). A deadline that needs a year with no row here is unknown, never guessed.';
