"""Offscript's themes: dark, light and high contrast (every text colour 7:1 or better)."""

from __future__ import annotations

from textual.theme import Theme

DARK = Theme(
    name="offscript-dark",
    primary="#5FA8E8",
    secondary="#9C8CE0",
    accent="#F0B458",
    warning="#F0B458",
    error="#F07070",
    success="#6CCB8A",
    foreground="#E6E8EC",
    background="#15181D",
    surface="#1D2128",
    panel="#262C35",
    dark=True,
)

LIGHT = Theme(
    name="offscript-light",
    primary="#1F5FA8",
    secondary="#5A4BB0",
    accent="#9A5B00",
    warning="#9A5B00",
    error="#B42323",
    success="#1C7A3E",
    foreground="#1B1F24",
    background="#F7F7F4",
    surface="#FFFFFF",
    panel="#E6E9EE",
    dark=False,
)

# Pure black and white with saturated yellow and cyan: every pairing used for
# text is 7:1 or better (tests/tui/test_themes.py measures the rendered screen).
HIGH_CONTRAST = Theme(
    name="offscript-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#00FFFF",
    warning="#FFFF00",
    error="#FF8080",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#000000",
    dark=True,
    text_alpha=1.0,
    variables={
        "text-muted": "#FFFFFF",
        "text-disabled": "#FFFFFF",
        "foreground-muted": "#FFFFFF",
        "text-primary": "#FFFF00",
        "text-secondary": "#00FFFF",
        "text-accent": "#00FFFF",
        "text-warning": "#FFFF00",
        "text-error": "#FF8080",
        "text-success": "#00FF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#FFFF00",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": "#000000",
        "block-cursor-blurred-background": "#FFFFFF",
        "block-hover-background": "#000000",
        "footer-foreground": "#FFFFFF",
        "footer-background": "#000000",
        "footer-key-foreground": "#FFFF00",
        "footer-key-background": "#000000",
        "footer-description-foreground": "#FFFFFF",
        "footer-description-background": "#000000",
        "footer-item-background": "#000000",
        "button-foreground": "#FFFFFF",
        "button-color-foreground": "#000000",
        "scrollbar": "#FFFFFF",
        "scrollbar-hover": "#FFFF00",
        "scrollbar-active": "#FFFF00",
        "scrollbar-background": "#000000",
        "scrollbar-corner-color": "#000000",
        "border": "#FFFFFF",
        "border-blurred": "#FFFFFF",
        "input-cursor-foreground": "#000000",
        "input-cursor-background": "#FFFFFF",
        "input-selection-background": "#FFFF00 40%",
    },
)

THEMES = (DARK, LIGHT, HIGH_CONTRAST)
THEME_LABELS = {DARK.name: "Dark", LIGHT.name: "Light", HIGH_CONTRAST.name: "High contrast"}
