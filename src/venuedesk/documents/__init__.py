"""Documents the desk renders for people: offer PDFs, function sheets; HTML in, PDF bytes out."""
