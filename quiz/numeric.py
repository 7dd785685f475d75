"""The numeric question generators. Each draws its inputs, then asks ``sims`` for the key."""

from __future__ import annotations
