"""The council's calendar: dates people see and due dates are in Europe/London, whatever the server's zone."""

from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
