#!/usr/bin/env python3
"""Latency against population size, as an SVG line chart (no plotting library needed).

usage: plot.py DATA.csv OUT.svg
DATA.csv columns: patients,request,clients,p50,p95,p99 (one row per population, request and client count).
Draws p50 (solid) and p99 (dashed) of each request at one client, on a logarithmic patient axis.
"""
import csv
import math
import sys

rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["clients"] == "1"]
series = {}
for r in rows:
    series.setdefault(r["request"], []).append((int(r["patients"]), float(r["p50"]), float(r["p99"])))
colours = ["#1b6ca8", "#d1495b", "#2e8540", "#edae49", "#6a4c93", "#00798c"]
W, H, L, R, T, B = 760, 440, 70, 250, 40, 60
xs = sorted({p for s in series.values() for p, _, _ in s})
ymax = max(v for s in series.values() for _, _, v in s) * 1.1
lo, hi = math.log10(min(xs)) - 0.15, math.log10(max(xs)) + 0.15


def x(p):
    return L + (math.log10(p) - lo) / (hi - lo) * (W - L - R)


def y(v):
    return T + (1 - v / ymax) * (H - T - B)


out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{L}" y="22" font-size="14">Latency at one client against population size (p50 solid, p99 dashed)</text>',
       f'<line x1="{L}" y1="{H - B}" x2="{W - R}" y2="{H - B}" stroke="black"/>',
       f'<line x1="{L}" y1="{T}" x2="{L}" y2="{H - B}" stroke="black"/>',
       f'<text x="{(L + W - R) / 2}" y="{H - 15}" text-anchor="middle">patients (log scale)</text>',
       f'<text x="18" y="{(T + H - B) / 2}" transform="rotate(-90 18 {(T + H - B) / 2})" text-anchor="middle">ms</text>']
step = 10 ** math.floor(math.log10(ymax / 5))
step *= 2 if ymax / step > 12 else 1
tick = 0.0
while tick <= ymax:
    out.append(f'<line x1="{L - 4}" y1="{y(tick):.1f}" x2="{W - R}" y2="{y(tick):.1f}" stroke="#ddd"/>')
    out.append(f'<text x="{L - 8}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:g}</text>')
    tick += step
for p in xs:
    out.append(f'<text x="{x(p):.1f}" y="{H - B + 18}" text-anchor="middle">{p:,}</text>')
for i, (name, points) in enumerate(sorted(series.items())):
    colour = colours[i % len(colours)]
    points.sort()
    for index, dash in ((1, ""), (2, ' stroke-dasharray="5,4"')):
        path = " ".join(f"{x(p[0]):.1f},{y(p[index]):.1f}" for p in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        for p in points:
            out.append(f'<circle cx="{x(p[0]):.1f}" cy="{y(p[index]):.1f}" r="3" fill="{colour}"/>')
    ly = T + 10 + i * 20
    out.append(f'<line x1="{W - R + 15}" y1="{ly}" x2="{W - R + 35}" y2="{ly}" stroke="{colour}" stroke-width="2"/>')
    out.append(f'<text x="{W - R + 40}" y="{ly + 4}">{name}</text>')
out.append("</svg>")
open(sys.argv[2], "w").write("\n".join(out) + "\n")
