"""The seed's three menu groups (科企梯次培育库, 科企后备库, 科企认定库) as entries, in its order."""

from keqi.core.navigation import CITY, DIS
from keqi.policy.libraries import LIBRARIES

ITEMS = [(60 + i, lib.name, f"libraries:{lib.key}", {DIS, CITY}) for i, lib in enumerate(LIBRARIES.values())]
