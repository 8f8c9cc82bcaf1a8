"""Reference crossmatch with astropy, for AstropyAgreementTest.

usage: xmatch.py LEFT.csv RIGHT.csv RADIUS_ARCSEC OUT_ALL.csv OUT_BEST1.csv
CSV columns: object_id,ra,dec (degrees). Writes left_id,right_id,sep_arcsec rows:
all pairs within the radius (search_around_sky), and each left object's nearest right
object when within the radius (match_coordinates_sky).
"""
import sys

import astropy.units as u
import numpy as np
from astropy.coordinates import SkyCoord, match_coordinates_sky, search_around_sky


def read(path):
    d = np.loadtxt(path, delimiter=",", skiprows=1, dtype=[("id", "i8"), ("ra", "f8"), ("dec", "f8")])
    return d["id"], SkyCoord(d["ra"] * u.deg, d["dec"] * u.deg)


lid, lc = read(sys.argv[1])
rid, rc = read(sys.argv[2])
radius = float(sys.argv[3]) * u.arcsec
il, ir, sep, _ = search_around_sky(lc, rc, radius)
with open(sys.argv[4], "w") as f:
    f.writelines("%d,%d,%.10f\n" % t for t in zip(lid[il], rid[ir], sep.arcsec))
idx, sep1, _ = match_coordinates_sky(lc, rc)
with open(sys.argv[5], "w") as f:
    for i in np.nonzero(sep1 <= radius)[0]:
        f.write("%d,%d,%.10f\n" % (lid[i], rid[idx[i]], sep1[i].arcsec))
