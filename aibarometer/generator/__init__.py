"""Synthetic survey waves: a calibrated 2021-like wave and an uncalibrated scale mode."""
