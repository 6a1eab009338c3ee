"""Statutory returns: the CIN census, the SSDA903 return and Ofsted's Annex A, their validation
with the Department for Education's rules, and the import that brings a council's last returns
into Kith."""
