UPDATE agents SET role = 'x';
