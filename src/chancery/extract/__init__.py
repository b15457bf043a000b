"""Event extraction: trigger lexicon, roles, modality and dates → event candidates."""
