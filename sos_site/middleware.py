from django.utils.cache import add_never_cache_headers


def no_store_when_signed_in(get_response):
    """Stop browsers and proxies keeping a copy of any page shown to a signed-in user.

    A shared council computer must not be able to show the last worker's case from its cache.
    """

    def middleware(request):
        response = get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response

    return middleware
