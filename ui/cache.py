"""Process-wide resources of the app: the figure cache shared by every session (:func:`shared`), and
the few run slots a process lets run at once (:func:`run_slot`)."""

from __future__ import annotations

import collections
import contextlib
import functools
import logging
import os
import threading
import time

import pandas as pd
import streamlit as st


def shared(ttl: float = 600, max_entries: int = 64):
    """Cache a figure function once per process for all sessions, without copying the result on
    every read. ``st.cache_data`` unpickles a fresh copy on each call, and both Streamlit caches
    hash every argument on every call (0.6 ms a call, 20 ms a page run, with the GIL held); here the
    arguments are the key as they are (they must be hashable) and the result is returned behind a
    shallow copy: pandas copy-on-write keeps any change a page makes to its copy out of the cache.
    A figure is computed once when many sessions ask for it at the same moment."""

    def wrap(fn):
        @functools.wraps(fn)
        def call(*args, **kwargs):
            return detached(_figure_cache(fn, ttl, max_entries).get(fn, args, kwargs))

        return call

    return wrap


class FigureCache:
    """Results of one function by arguments: least recently used out, expired after ``ttl`` s."""

    def __init__(self, ttl: float, max_entries: int, fn=None):
        self.ttl, self.max_entries, self.fn = ttl, max_entries, fn
        self.entries: collections.OrderedDict = collections.OrderedDict()
        self.lock = threading.Lock()
        self.computing: dict = {}

    def _fresh(self, key):
        hit = self.entries.get(key)
        if hit is not None and hit[0] > time.monotonic():
            self.entries.move_to_end(key)
            return hit
        return None

    def get(self, fn, args: tuple, kwargs: dict):
        """``fn(*args, **kwargs)``, kept under its arguments."""
        return self.lookup((args, tuple(sorted(kwargs.items()))), lambda: fn(*args, **kwargs))

    def lookup(self, key, make):
        """The value under ``key``, made by ``make()`` when missing or expired."""
        with self.lock:
            hit = self._fresh(key)
            if hit is not None:
                return hit[1]
            key_lock = self.computing.setdefault(key, threading.Lock())
        with key_lock:  # one computation per key; the others wait for it
            with self.lock:
                hit = self._fresh(key)
            if hit is not None:
                return hit[1]
            value = make()
            with self.lock:
                self.entries[key] = (time.monotonic() + self.ttl, value)
                while len(self.entries) > self.max_entries:
                    self.entries.popitem(last=False)
                self.computing.pop(key, None)
        return value


@st.cache_resource(show_spinner=False)
def _figure_caches() -> dict:
    """The figure caches of this process (``st.cache_resource.clear()`` empties them too)."""
    return {"lock": threading.Lock()}


def _figure_cache(fn, ttl: float, max_entries: int) -> FigureCache:
    caches = _figure_caches()
    name = f"{fn.__module__}.{fn.__qualname__}"
    cache = caches.get(name)
    if cache is None:
        with caches["lock"]:
            cache = caches.setdefault(name, FigureCache(ttl, max_entries, fn))
    return cache


def replay(old: str, new: str, budget: float, acting_as=None) -> int:
    """Compute for database version ``new`` the figures cached for version ``old`` (every argument
    that is the old version's key, ``<path>?v=...``, with or without its plan part, becomes the new
    one's), newest first, until ``budget`` seconds have passed. Returns how many were computed; a
    figure that fails is left to the page that asks for it. ``acting_as(access)``: a context in which
    the gate lets this thread compute as the figure's role (``ui.auth.acting_as``)."""
    deadline = time.monotonic() + budget
    caches = [c for name, c in list(_figure_caches().items()) if name != "lock"]
    done = 0

    def swap(v):
        return new + v[len(old) :] if isinstance(v, str) and (v == old or v.startswith(old + "&")) else v

    for cache in caches:
        with cache.lock:
            keys = list(reversed(cache.entries))  # the most recently used first
        for args, kwargs in keys:
            if time.monotonic() > deadline:
                return done
            if not any(swap(a) is not a for a in (*args, *(v for _, v in kwargs))):
                continue
            nargs, nkwargs = tuple(swap(a) for a in args), tuple((k, swap(v)) for k, v in kwargs)
            try:
                with acting_as(dict(kwargs).get("access")) if acting_as else contextlib.nullcontext():
                    cache.lookup((nargs, nkwargs), lambda f=cache.fn, a=nargs, k=nkwargs: f(*a, **dict(k)))
            except Exception as exc:  # computed again when a page asks; never stops the switch
                logging.getLogger("mik.cache").warning("warming %s: %s", cache.fn, exc)
                continue
            done += 1
    return done


def forget(old: str) -> int:
    """Drop every cached figure computed for database version ``old`` (its key, ``<path>?v=...``,
    with or without its plan part, among the arguments): called when that version's connection is
    closed, so a replaced version's figures leave memory then, not after their ``ttl``. Returns how
    many were dropped."""

    def mentions(key) -> bool:
        args, kwargs = key
        return any(
            isinstance(v, str) and (v == old or v.startswith(old + "&")) for v in (*args, *(v for _, v in kwargs))
        )

    dropped = 0
    for name, cache in list(_figure_caches().items()):
        if name == "lock":
            continue
        with cache.lock:
            for key in [k for k in cache.entries if mentions(k)]:
                del cache.entries[key]
                dropped += 1
    return dropped


def detached(value):
    """A copy of a cached result that a page may change: frames shallow (copy-on-write), lists and
    dicts two levels deep. Deeper objects (GeoJSON of a map, score rows) are shared and read-only."""

    def one(v):
        if isinstance(v, (pd.DataFrame, pd.Series)):
            return v.copy(deep=False)
        return dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v

    if isinstance(value, list):
        return [one(v) for v in value]
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(one(v) for v in value)
    if isinstance(value, dict):
        return {k: one(v) for k, v in value.items()}
    return one(value)


RUN_SLOTS = int(os.environ.get("MIK_RUN_SLOTS", "2"))


@st.cache_resource(show_spinner=False)
def _run_slots() -> threading.Semaphore:
    return threading.Semaphore(RUN_SLOTS)


@contextlib.contextmanager
def run_slot():
    """Hold one of the process's few run slots for a whole script run.

    Streamlit runs every session's script in its own thread, and the threads share one
    interpreter lock: with twenty runs at once each gets a twentieth of the time and all finish
    late (and switching between them costs more). Letting ``MIK_RUN_SLOTS`` (default 2) run at
    a time, the others waiting their turn (CPython wakes waiters in order of arrival), finishes
    most runs much sooner and none later. Two, not one, so
    that a run waiting on DuckDB or argon2 (which let go of the lock) leaves the core to another."""
    slots = _run_slots()
    slots.acquire()
    try:
        yield
    finally:
        slots.release()
