"""Settings: flag > environment (BRIEFING_*) > briefing.toml > default, and the date window."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from briefing.config import (Settings, effective_config, load_config_file, machine_zone, make_window, redact_url,
                             resolve, to_toml, today_in)
from briefing.errors import ConfigError
from briefing.model import Window

TODAY = dt.date(2024, 3, 15)
D = dt.date.fromisoformat


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """An empty working folder, so that no stray briefing.toml is read."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_toml(folder: Path, body: str, name: str = "briefing.toml") -> Path:
    """A config file in `folder`."""
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


def test_defaults(workdir):
    assert resolve({}, environ={}, today=TODAY) == Settings(
        input=Path("seeds"), out=Path("out"), engine="auto", language="auto",
        window=Window(TODAY, TODAY), include_undated=False)


# Per setting: the value the winning layer holds, the value every lower layer holds, the default.
VALUES = {
    "input": ("winner_in", "loser_in", "seeds"),
    "out": ("winner_out", "loser_out", "out"),
    "engine": ("llm", "extractive", "auto"),
    "language": ("en", "id", "auto"),
}


@pytest.mark.parametrize("name", sorted(VALUES))
@pytest.mark.parametrize(("layers", "winner"), [
    (("flag", "env", "file"), "flag"),
    (("flag", "file"), "flag"),
    (("flag",), "flag"),
    (("env", "file"), "env"),
    (("env",), "env"),
    (("file",), "file"),
    ((), "default"),
])
def test_resolution_order(workdir, name, layers, winner):
    best, other, default = VALUES[name]
    value = {layer: best if layer == winner else other for layer in layers}
    flags = {name: value["flag"]} if "flag" in layers else {}
    environ = {f"BRIEFING_{name.upper()}": value["env"]} if "env" in layers else {}
    if "file" in layers:
        write_toml(workdir, f'[briefing]\n{name} = "{value["file"]}"\n')
    resolved = getattr(resolve(flags, environ=environ, today=TODAY), name)
    assert str(resolved) == (default if winner == "default" else best)


@pytest.mark.parametrize(("flags", "environ"), [
    ({"engine": None}, {"BRIEFING_ENGINE": "llm"}),  # an unset flag does not hide the environment
    ({"engine": ""}, {"BRIEFING_ENGINE": "llm"}),    # nor does an empty one
    ({}, {"BRIEFING_ENGINE": "", "BRIEFING_LANGUAGE": ""}),
])
def test_unset_and_empty_values_fall_through(workdir, flags, environ):
    write_toml(workdir, '[briefing]\nengine = "llm"\nlanguage = "en"\n')
    settings = resolve(flags, environ=environ, today=TODAY)
    assert (settings.engine, settings.language) == ("llm", "en")


def test_explicit_config_file_replaces_working_folder_file(workdir, tmp_path_factory):
    write_toml(workdir, '[briefing]\nengine = "llm"\n')
    other = write_toml(tmp_path_factory.mktemp("elsewhere"), '[briefing]\nlanguage = "en"\n', "custom.toml")
    settings = resolve({}, other, environ={}, today=TODAY)
    assert (settings.engine, settings.language) == ("auto", "en")


def test_config_file_values_of_every_kind(workdir):
    write_toml(workdir, '[briefing]\ninput = "articles"\nout = "briefs"\ndate = 2023-09-20\ndays = 7\n'
                        'engine = "extractive"\nlanguage = "id"\n')
    assert resolve({}, environ={}, today=TODAY) == Settings(
        input=Path("articles"), out=Path("briefs"), engine="extractive", language="id",
        window=Window(D("2023-09-14"), D("2023-09-20")))


def test_config_file_without_briefing_table_uses_top_level_keys(workdir):
    write_toml(workdir, 'engine = "llm"\n')
    assert resolve({}, environ={}, today=TODAY).engine == "llm"


def test_config_file_other_tables_are_ignored(workdir):
    write_toml(workdir, '[briefing]\nlanguage = "en"\n\n[other]\nengine = "llm"\n')
    settings = resolve({}, environ={}, today=TODAY)
    assert (settings.engine, settings.language) == ("auto", "en")


def test_load_config_file_dashes_become_underscores(workdir):
    path = write_toml(workdir, '[briefing]\ninclude-undated = true\nengine = "llm"\n')
    assert load_config_file(path) == {"include_undated": True, "engine": "llm"}
    assert load_config_file(None) == {"include_undated": True, "engine": "llm"}


def test_no_config_file_is_fine(workdir):
    assert load_config_file(None) == {}


def test_include_undated_comes_from_the_flag(workdir):
    assert resolve({"include_undated": True}, environ={}, today=TODAY).include_undated is True
    assert resolve({"include_undated": False}, environ={}, today=TODAY).include_undated is False


def test_real_environment_is_read_when_none_is_passed(workdir, monkeypatch):
    monkeypatch.setenv("BRIEFING_LANGUAGE", "en")
    assert resolve({}, today=TODAY).language == "en"


# --- the window ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("flags", "window"), [
    ({}, ("2024-03-15", "2024-03-15")),                                  # today
    ({"date": "2023-09-20"}, ("2023-09-20", "2023-09-20")),
    ({"date": "2023-09-20", "days": 1}, ("2023-09-20", "2023-09-20")),
    ({"date": "2023-09-20", "days": 7}, ("2023-09-14", "2023-09-20")),  # [D-N+1, D]
    ({"date": "2023-03-01", "days": 2}, ("2023-02-28", "2023-03-01")),  # across a month end
    ({"days": 3}, ("2024-03-13", "2024-03-15")),                        # ending today
    ({"from": "2020-01-01", "to": "2023-12-31"}, ("2020-01-01", "2023-12-31")),
    ({"from": "2023-09-20", "to": "2023-09-20"}, ("2023-09-20", "2023-09-20")),
    ({"from": "2024-03-01"}, ("2024-03-01", "2024-03-15")),             # --to defaults to today
    ({"to": "2023-09-20"}, ("2023-09-20", "2023-09-20")),               # --from defaults to --to
])
def test_window_from_flags(workdir, flags, window):
    assert resolve(flags, environ={}, today=TODAY).window == Window(D(window[0]), D(window[1]))


@pytest.mark.parametrize(("flags", "environ", "toml", "window"), [
    ({}, {"BRIEFING_DATE": "2023-09-20", "BRIEFING_DAYS": "2"}, "", ("2023-09-19", "2023-09-20")),
    ({}, {}, 'from = "2020-01-01"\nto = "2023-12-31"', ("2020-01-01", "2023-12-31")),
    ({"date": "2023-09-20"}, {"BRIEFING_DAYS": "3"}, "", ("2023-09-18", "2023-09-20")),
    ({"date": "2023-09-20"}, {}, "days = 5", ("2023-09-16", "2023-09-20")),
    # a higher layer's --date/--days replaces a lower layer's from/to, and the other way round
    ({"date": "2023-09-20"}, {}, "from = 2020-01-01\nto = 2023-12-31", ("2023-09-20", "2023-09-20")),
    ({"days": 2}, {"BRIEFING_FROM": "2020-01-01"}, "", ("2024-03-14", "2024-03-15")),
    ({"from": "2023-01-01", "to": "2023-01-31"}, {"BRIEFING_DATE": "2023-09-20"}, "", ("2023-01-01", "2023-01-31")),
    ({}, {"BRIEFING_TO": "2023-09-20"}, "date = 2022-01-01\ndays = 9", ("2023-09-20", "2023-09-20")),
])
def test_window_across_layers(workdir, flags, environ, toml, window):
    write_toml(workdir, f"[briefing]\n{toml}\n")
    assert resolve(flags, environ=environ, today=TODAY).window == Window(D(window[0]), D(window[1]))


@pytest.mark.parametrize(("flags", "environ", "match"), [
    ({"date": "2023-09-20", "from": "2023-09-01"}, {}, r"either --date/--days or --from/--to, not both"),
    ({"date": "2023-09-20", "to": "2023-09-21"}, {}, r"either --date/--days or --from/--to, not both"),
    ({"days": 3, "from": "2023-09-01", "to": "2023-09-20"}, {}, r"either --date/--days or --from/--to"),
    ({}, {"BRIEFING_DATE": "2023-09-20", "BRIEFING_FROM": "2023-09-01"}, r"either --date/--days or --from/--to"),
    ({"from": "2023-09-21", "to": "2023-09-20"}, {}, r"^--from 2023-09-21 is after --to 2023-09-20: swap them$"),
    ({"from": "2024-04-01"}, {}, r"--from 2024-04-01 is after --to 2024-03-15"),
    ({"date": "20-09-2023"}, {}, r"^invalid --date '20-09-2023': use YYYY-MM-DD$"),
    ({"date": "2023/09/20"}, {}, r"invalid --date '2023/09/20': use YYYY-MM-DD"),
    ({"from": "September 2023"}, {}, r"invalid --from 'September 2023': use YYYY-MM-DD"),
    ({"to": "2023-02-30"}, {}, r"invalid --to '2023-02-30': use YYYY-MM-DD"),
    ({"days": 0}, {}, r"^invalid --days 0: use 1 or more$"),
    ({"days": -3}, {}, r"invalid --days -3: use 1 or more"),
    ({}, {"BRIEFING_DAYS": "zwei"}, r"invalid --days 'zwei': use a whole number of days, 1 or more"),
    ({}, {"BRIEFING_DAYS": "2.5"}, r"invalid --days '2.5'"),
    ({"engine": "gpt"}, {}, r"^invalid engine 'gpt': choose one of auto, extractive, llm, local$"),
    ({}, {"BRIEFING_ENGINE": "Extractive"}, r"invalid engine 'Extractive'"),
    ({"language": "fr"}, {}, r"^invalid language 'fr': choose one of auto, id, en$"),
])
def test_bad_settings(workdir, flags, environ, match):
    with pytest.raises(ConfigError, match=match):
        resolve(flags, environ=environ, today=TODAY)


def test_bad_value_in_config_file(workdir):
    write_toml(workdir, '[briefing]\nlanguage = "de"\n')
    with pytest.raises(ConfigError, match=r"invalid language 'de'"):
        resolve({}, environ={}, today=TODAY)


def test_make_window_directly():
    assert make_window("2023-09-20", "3", None, None, TODAY) == Window(D("2023-09-18"), D("2023-09-20"))
    assert make_window(None, None, "2023-09-01", None, TODAY) == Window(D("2023-09-01"), TODAY)


# --- config file errors -------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "match"), [
    ("[briefing\nengine = 'llm'\n", r"briefing\.toml: invalid TOML: Expected ']'"),
    ("[briefing]\nengine = llm\n", r"briefing\.toml: invalid TOML: Invalid value"),
    ("[briefing]\nengine = 'a'\nengine = 'b'\n", r"briefing\.toml: invalid TOML: "),
    ("briefing = 3\n", r"briefing\.toml: 'briefing' must be a table: write \[briefing\] above its keys"),
])
def test_invalid_toml(workdir, body, match):
    write_toml(workdir, body)
    with pytest.raises(ConfigError, match=match):
        resolve({}, environ={}, today=TODAY)


def test_config_file_not_utf8(workdir):
    (workdir / "briefing.toml").write_bytes(b"[briefing]\nengine = \"\xff\"\n")
    with pytest.raises(ConfigError, match=r"briefing\.toml: invalid TOML: 'utf-8' codec can't decode"):
        resolve({}, environ={}, today=TODAY)


def test_missing_config_file(workdir):
    with pytest.raises(ConfigError, match=r"^config file not found: nope\.toml$"):
        resolve({}, Path("nope.toml"), environ={}, today=TODAY)


def test_config_path_is_a_folder(workdir):
    (workdir / "conf").mkdir()
    with pytest.raises(ConfigError, match=r"^cannot read config file conf: Is a directory$"):
        resolve({}, Path("conf"), environ={}, today=TODAY)


# --- LLM settings ----------------------------------------------------------------------------------

@pytest.mark.parametrize("flags, environ, toml, expected", [
    ({}, {}, "", None),
    ({"base_url": "http://flag/v1"}, {"OPENAI_BASE_URL": "http://env/v1"}, "", "http://flag/v1"),
    ({}, {"BRIEFING_BASE_URL": "http://briefing/v1", "OPENAI_BASE_URL": "http://openai/v1"}, "", "http://briefing/v1"),
    ({}, {"OPENAI_BASE_URL": "http://openai/v1"}, 'base_url = "http://file/v1"', "http://openai/v1"),
    ({}, {}, 'base-url = "http://file/v1"', "http://file/v1"),
])
def test_base_url_layers(tmp_path, monkeypatch, flags, environ, toml, expected):
    monkeypatch.chdir(tmp_path)
    if toml:
        (tmp_path / "briefing.toml").write_text(f"[briefing]\n{toml}\n", encoding="utf-8")
    assert resolve(flags, environ=environ, today=TODAY).llm.base_url == expected


@pytest.mark.parametrize("flags, environ, expected", [
    ({}, {}, "gpt-4o-mini"),
    ({}, {"OPENAI_MODEL": "from-openai"}, "from-openai"),
    ({}, {"BRIEFING_MODEL": "from-briefing", "OPENAI_MODEL": "from-openai"}, "from-briefing"),
    ({"model": "from-flag"}, {"BRIEFING_MODEL": "from-briefing"}, "from-flag"),
])
def test_model_layers(tmp_path, monkeypatch, flags, environ, expected):
    monkeypatch.chdir(tmp_path)
    assert resolve(flags, environ=environ, today=TODAY).llm.model == expected


def test_api_key_only_from_environment_and_never_shown(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefing.toml").write_text('[briefing]\napi_key = "sk-file"\n', encoding="utf-8")
    settings = resolve({"api_key": "sk-flag"}, environ={"OPENAI_API_KEY": "sk-env-secret"}, today=TODAY)
    assert settings.llm.api_key == "sk-env-secret"
    assert "sk-env-secret" not in repr(settings)
    assert settings.llm.configured is True
    assert resolve({}, environ={}, today=TODAY).llm.configured is False


def test_llm_numbers_and_cache(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    llm = resolve({"concurrency": 8, "rpm": 120, "timeout": 2.5, "max_attempts": 3, "max_tokens_per_run": 5000,
                   "no_cache": True}, environ={}, today=TODAY).llm
    assert (llm.concurrency, llm.rpm, llm.timeout, llm.max_attempts, llm.max_tokens_per_run, llm.cache) == (
        8, 120, 2.5, 3, 5000, False)
    default = resolve({}, environ={}, today=TODAY).llm
    assert (default.concurrency, default.rpm, default.timeout, default.max_attempts,
            default.max_tokens_per_run, default.cache) == (4, None, 60.0, 5, None, True)


@pytest.mark.parametrize("flags, message", [
    ({"concurrency": 0}, r"^invalid --concurrency 0: use 1 or more$"),
    ({"rpm": "fast"}, r"^invalid --rpm 'fast': use a number$"),
    ({"timeout": 0}, r"^invalid --timeout 0: use 0.1 or more$"),
    ({"max_tokens_per_run": -5}, r"^invalid --max-tokens-per-run -5: use 1 or more$"),
])
def test_bad_llm_numbers(tmp_path, monkeypatch, flags, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=message):
        resolve(flags, environ={}, today=TODAY)


# --- time zone, on/off settings, lock timeout ------------------------------------------------------

@pytest.mark.parametrize("flags, environ, toml, expected", [
    ({}, {}, "", None),
    ({"tz": "Asia/Jakarta"}, {"BRIEFING_TZ": "Europe/Berlin"}, "", "Asia/Jakarta"),
    ({}, {"BRIEFING_TZ": "Europe/Berlin"}, 'tz = "UTC"', "Europe/Berlin"),
    ({}, {}, 'tz = "UTC"', "UTC"),
])
def test_tz_layers(workdir, flags, environ, toml, expected):
    write_toml(workdir, f"[briefing]\n{toml}\n")
    assert resolve(flags, environ=environ, today=TODAY).tz == expected


@pytest.mark.parametrize("name", ["Mars/Olympus", "asia/nowhere", "../../etc/passwd", "Asia/Jakarta "])
def test_unknown_tz(workdir, name):
    with pytest.raises(ConfigError, match=rf"^unknown --tz '{re.escape(name)}': use an IANA zone name such as "
                                          r"Asia/Jakarta or UTC$"):
        resolve({"tz": name}, environ={}, today=TODAY)


def test_today_depends_on_the_zone():
    # UTC+14 and UTC-11 are 25 hours apart: never the same calendar date.
    assert today_in("Pacific/Kiritimati") - today_in("Pacific/Niue") in (dt.timedelta(days=1), dt.timedelta(days=2))
    assert today_in(None) in {dt.datetime.now().astimezone().date() + dt.timedelta(days=d) for d in (-1, 0)}


def test_default_date_is_today_in_the_zone(workdir):
    for zone_name in ("Pacific/Kiritimati", "Pacific/Niue"):
        before = today_in(zone_name)
        window = resolve({"tz": zone_name}, environ={}).window
        assert window.start == window.end and window.end in (before, today_in(zone_name))


@pytest.mark.parametrize("flags, environ, toml, expected", [
    ({}, {}, "", False),
    ({"fail_if_empty": True}, {"BRIEFING_FAIL_IF_EMPTY": "0"}, "", True),
    ({"fail_if_empty": False}, {"BRIEFING_FAIL_IF_EMPTY": "yes"}, "", True),  # a flag left off sets nothing
    ({}, {"BRIEFING_FAIL_IF_EMPTY": "1"}, "fail_if_empty = false", True),
    ({}, {"BRIEFING_FAIL_IF_EMPTY": "off"}, "fail_if_empty = true", False),
    ({}, {"BRIEFING_FAIL_IF_EMPTY": "TRUE"}, "", True),
    ({}, {"BRIEFING_FAIL_IF_EMPTY": ""}, "fail-if-empty = true", True),
    ({}, {}, "fail_if_empty = true", True),
])
def test_fail_if_empty_layers(workdir, flags, environ, toml, expected):
    write_toml(workdir, f"[briefing]\n{toml}\n")
    assert resolve(flags, environ=environ, today=TODAY).fail_if_empty is expected


@pytest.mark.parametrize("name", ["include_undated", "no_cache"])
def test_other_switches_from_the_environment(workdir, name):
    settings = resolve({}, environ={f"BRIEFING_{name.upper()}": "on"}, today=TODAY)
    assert (settings.include_undated, settings.llm.cache) == ((True, True) if name == "include_undated" else (False, False))


def test_bad_switch(workdir):
    with pytest.raises(ConfigError, match=r"^invalid fail_if_empty 'maybe': use true or false$"):
        resolve({}, environ={"BRIEFING_FAIL_IF_EMPTY": "maybe"}, today=TODAY)


@pytest.mark.parametrize("flags, environ, expected", [
    ({}, {}, 600.0),
    ({"lock_timeout": 0}, {}, 0.0),
    ({}, {"BRIEFING_LOCK_TIMEOUT": "2.5"}, 2.5),
])
def test_lock_timeout(workdir, flags, environ, expected):
    assert resolve(flags, environ=environ, today=TODAY).lock_timeout == expected


@pytest.mark.parametrize("value, message", [(-1, r"^invalid --lock-timeout -1: use 0 or more$"),
                                            ("soon", r"^invalid --lock-timeout 'soon': use a number$")])
def test_bad_lock_timeout(workdir, value, message):
    with pytest.raises(ConfigError, match=message):
        resolve({"lock_timeout": value}, environ={}, today=TODAY)


# --- the effective config: what `briefing config` prints and run records keep -----------------------

def test_effective_config_redacts_secrets(workdir):
    settings = resolve({"date": "2023-09-20", "tz": "Asia/Jakarta", "rpm": 30},
                       environ={"OPENAI_API_KEY": "sk-secret", "OPENAI_BASE_URL": "http://me:pw@host:8080/v1"},
                       today=TODAY)
    assert effective_config(settings) == {
        "input": "seeds", "out": "out", "engine": "auto", "language": "auto", "from": "2023-09-20",
        "to": "2023-09-20", "tz": "Asia/Jakarta", "include_undated": False, "fail_if_empty": False,
        "lock_timeout": 600.0, "base_url": "http://***@host:8080/v1", "model": "gpt-4o-mini", "api_key": "***",
        "concurrency": 4, "rpm": 30, "timeout": 60.0, "max_attempts": 5, "max_tokens_per_run": None,
        "no_cache": False, "judge": None, "classification": "", "max_bytes": 5000000, "max_articles": 1000, "max_chunks": 4000}


def test_effective_config_names_the_machine_zone(workdir, monkeypatch):
    monkeypatch.setenv("TZ", ":Asia/Makassar")
    assert effective_config(resolve({}, environ={}, today=TODAY))["tz"] == "Asia/Makassar"
    assert machine_zone() == "Asia/Makassar"


@pytest.mark.parametrize("url, expected", [
    (None, None),
    ("http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1"),
    ("https://user:pass@api.example/v1", "https://***@api.example/v1"),
    ("https://api.example/v1?api-key=abc", "https://api.example/v1?***"),
])
def test_redact_url(url, expected):
    assert redact_url(url) == expected


def test_toml_round_trip(workdir, tmp_path_factory):
    settings = resolve({"from": "2023-01-01", "to": "2023-01-31", "engine": "extractive", "tz": "UTC",
                        "include_undated": True, "fail_if_empty": True, "no_cache": True, "lock_timeout": 5,
                        "language": "en", "base_url": "http://h/v1", "model": "m", "concurrency": 2,
                        "timeout": 1.5, "max_attempts": 2, "max_tokens_per_run": 100}, environ={}, today=TODAY)
    text = to_toml(effective_config(settings))
    assert "# rpm = (not set)\n" in text and "# api_key = (not set)  (read from OPENAI_API_KEY only)\n" in text
    path = write_toml(tmp_path_factory.mktemp("round"), text)
    assert resolve({}, path, environ={}, today=TODAY) == settings


def test_toml_strings_are_escaped(workdir, tmp_path_factory):
    settings = resolve({"input": 'we"ird\\folder ü', "tz": "UTC"}, environ={}, today=TODAY)
    path = write_toml(tmp_path_factory.mktemp("esc"), to_toml(effective_config(settings)))
    assert resolve({}, path, environ={}, today=TODAY).input == Path('we"ird\\folder ü')


@pytest.mark.parametrize(("flags", "environ", "toml", "judge"), [
    ({}, {}, "", None),                                   # unset: on with the LLM engine, off otherwise
    ({"judge": True}, {}, "", True),
    ({"judge": False}, {"BRIEFING_JUDGE": "1"}, "", False),  # --no-judge wins over the environment
    ({}, {"BRIEFING_JUDGE": "1"}, "judge = false\n", True),   # the environment over the file
    ({}, {}, "judge = false\n", False),
    ({}, {"BRIEFING_JUDGE": "off"}, "", False),
])
def test_judge_from_flag_environment_and_file(tmp_path, flags, environ, toml, judge):
    config = tmp_path / "briefing.toml"
    config.write_text(toml, encoding="utf-8")
    settings = resolve(flags, config, environ, today=dt.date(2023, 9, 20))
    assert settings.judge is judge
    assert effective_config(settings)["judge"] is judge
