"""Where production's static files are served from, and their URLs."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFiles(CompressedManifestStaticFilesStorage):
    """The collected files, compressed, each under a name that changes with its content.

    A file's URL is looked up in the manifest once per process and then kept: the manifest does
    not change while the process runs, and every page links three files, which cost 300 of the
    6,000 Python calls of a case page served from the cache.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        # A name missing from the manifest raises ValueError every time, and is not kept.
        if name not in self._urls:
            self._urls[name] = super().url(name)
        return self._urls[name]
