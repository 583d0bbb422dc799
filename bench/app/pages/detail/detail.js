Page({ data: { title: 'Detail' } });
