"""Voting from phones: the room's secrets and limits, what a phone sees, and the aiohttp server that serves one
small page on the local network. Imported only by classroom play with phones, never by solo start-up."""
