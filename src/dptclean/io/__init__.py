"""Reading and writing voter lists: format readers, layout detection, atomic writers."""
